import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, csrfIn, signInToDashboard } from '../setup/dashboard.js';
import type { HttpClient } from '../setup/http.js';

let app: TestApp;
let client: HttpClient;
let csrf: string;
beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser('admin', { locale: 'fr' });
  ({ client, csrf } = await signInToDashboard(app, admin.user.email));
});
afterAll(async () => {
  await app?.close();
});

/** The import form as a browser without JavaScript posts it: multipart, the token among the fields. */
function upload(csv: string, token: string | undefined = csrf) {
  const body = new FormData();
  if (token) body.append('_csrf', token);
  body.append('file', new Blob([csv], { type: 'text/csv' }), 'membres.csv');
  return client.request('POST', '/enterprises/import', { raw: body, headers: browser });
}

describe('the CSV import page', () => {
  it('keeps the CSRF token out of the address: the form posts it in its body, which is enough', async () => {
    const page = await client.get('/enterprises/import', { headers: browser });
    expect(page.text).toMatch(/<form method="post" action="\/enterprises\/import"/);
    expect(page.text).not.toMatch(/_csrf=/);
    const res = await upload(
      'Nom;Forme juridique;Territoire;Secteur\nSans Jeton Coop;OBNL;Sherbrooke;Alimentation\n',
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('1 créée(s), 0 mise(s) à jour');
    expect(csrfIn(res.text)).toBe(csrf);
    expect(
      (await upload('Nom;Forme juridique;Territoire;Secteur\nX;OBNL;Sherbrooke;Alimentation\n', 'wrong'))
        .status,
    ).toBe(403);
    expect(
      (await upload('Nom;Forme juridique;Territoire;Secteur\nX;OBNL;Sherbrooke;Alimentation\n', '')).status,
    ).toBe(403);
  });

  it('says in French which row and column are wrong, what is accepted and the nearest value', async () => {
    const res = await upload(
      'Nom;Forme juridique;Territoire;Secteur;Couleur\nPresque;OBNL;Granit;Alimentation;rouge\n',
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      'Ligne 2, colonne « Territoire » : « Granit » n’est pas une valeur acceptée. Vouliez-vous dire « Le Granit » ? Valeurs acceptées : Sherbrooke,',
    );
    expect(res.text).toContain(
      'Ligne 2, colonne « Couleur » : « rouge » n’est pas écrite sous la forme #RRGGBB. Valeur suggérée : « rouge » ≈ #C8102E.',
    );
    expect(res.text).not.toMatch(/Invalid option|expected one of|territory/);
  });

  it('suggests the nearest value for a typo, by label or code, accents and case ignored', async () => {
    const res = await upload(
      'Nom;Forme juridique;Territoire;Secteur;Couleur\nFaute;OBNL;Sherbrooke;Alimentaton;#1F6F5C\nCode;OBNL;Sherbrooke;AGRICULTUR;#1F6F5C\n',
    );
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /Ligne 2, colonne « Secteur » : « Alimentaton » n’est pas une valeur acceptée\. Vouliez-vous dire « Alimentation[^»]*» \?/,
    );
    expect(res.text).toMatch(
      /Ligne 3, colonne « Secteur » : « AGRICULTUR » n’est pas une valeur acceptée\. Vouliez-vous dire « Agri/,
    );
  });

  it('names the missing columns in French', async () => {
    const res = await upload('Nom;Secteur\nA;Alimentation\n');
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'Il manque au fichier la ou les colonnes obligatoires : Forme juridique, Territoire (MRC)',
    );
  });

  it('offers a sample file, linked from the page, that imports as is, twice without duplicates', async () => {
    const page = await client.get('/enterprises/import', { headers: browser });
    expect(page.text).toContain('href="/enterprises/import/sample.csv"');
    const sample = await client.get('/enterprises/import/sample.csv');
    expect(sample.status).toBe(200);
    expect(sample.headers.get('content-type')).toMatch(/text\/csv/);
    const first = await upload(sample.text);
    expect(first.text).toContain('2 créée(s), 0 mise(s) à jour, 0 inchangée(s), 0 ligne(s) rejetée(s)');
    const second = await upload(sample.text);
    expect(second.text).toContain('0 créée(s), 0 mise(s) à jour, 2 inchangée(s), 0 ligne(s) rejetée(s)');
  });
});
