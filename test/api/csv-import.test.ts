import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, form } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
});
afterAll(async () => {
  await app?.close();
});

const importCsv = (data: Buffer) =>
  admin.api.request('POST', '/api/v1/enterprises/import', {
    raw: form('file', data, 'membres.csv', 'text/csv'),
  });

describe('CSV import', () => {
  it('reads UTF-8 with BOM and semicolons (Excel, French Windows), with French headers', async () => {
    const csv =
      '\uFEFFNom;Forme juridique;Territoire;Secteur;Site Web;Cohortes;Impacts\r\n' +
      'Coopérative Les Ateliers du Lac;Coopérative de travail;Memphrémagog;Fabrication;https://ateliers.example;Cohorte 2026|Pilote;social: 12 emplois créés\r\n' +
      'Fruits Partagés;OBNL;coaticook;alimentation;;;\r\n';
    const res = await importCsv(Buffer.from(csv, 'utf8'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, rejected: [] });
    const found = await admin.api.get('/api/v1/enterprises?q=ateliers du lac');
    expect(found.body.data[0]).toMatchObject({
      name: 'Coopérative Les Ateliers du Lac',
      slug: 'cooperative-les-ateliers-du-lac',
      legalForm: 'worker_coop',
      territory: 'Memphrémagog',
      sector: 'manufacturing',
      cohorts: ['Cohorte 2026', 'Pilote'],
      impacts: [{ kind: 'social', label: '12 emplois créés' }],
    });
    expect((await admin.api.get('/api/v1/enterprises?q=fruits')).body.data[0]).toMatchObject({
      legalForm: 'nonprofit',
      territory: 'Coaticook',
    });
  });

  it('reads Windows-1252 with accents and commas', async () => {
    const csv =
      'name,legalForm,territory,sector\r\n"Coopérative de l\'Érablière, Ham-Sud",producer_coop,Le Haut-Saint-François,agriculture\r\n';
    const res = await importCsv(iconv.encode(csv, 'win1252'));
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
    const found = await admin.api.get('/api/v1/enterprises?q=erabliere');
    expect(found.body.data[0].name).toBe("Coopérative de l'Érablière, Ham-Sud");
    expect(found.body.data[0].territory).toBe('Le Haut-Saint-François');
  });

  it('accepts the raw body with Content-Type text/csv', async () => {
    const res = await admin.api.request('POST', '/api/v1/enterprises/import', {
      raw: 'name,legalForm,territory,sector\nBrut Coop,worker_coop,Sherbrooke,food\n',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
  });

  it('refuses a file missing a required column, whole, naming the column', async () => {
    const res = await importCsv(Buffer.from('nom;secteur;territoire\nA;food;Sherbrooke\n'));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'legalForm', message: 'column is missing' }]);
    expect(
      (await admin.api.get('/api/v1/enterprises?q=a&limit=100')).body.data.some(
        (e: { name: string }) => e.name === 'A',
      ),
    ).toBe(false);
  });

  it('creates the valid rows, updates the one whose slug exists, and reports each invalid row with its line, field and reason', async () => {
    await createEnterprise(admin.api, { name: 'Déjà Là', slug: 'deja-la' });
    const csv = [
      'name;legalForm;territory;sector;slug;website;brandColor',
      'Bonne Ligne;worker_coop;Sherbrooke;food;;;',
      ';worker_coop;Sherbrooke;food;;;',
      'Forme Inconnue;société par actions;Sherbrooke;food;;;',
      '',
      'Slug Pris;nonprofit;Sherbrooke;food;deja-la;;',
      'Mauvais Site;nonprofit;Atlantide;food;;ftp://x;rouge',
      'Doublon A;nonprofit;Sherbrooke;food;doublon;;',
      'Doublon B;nonprofit;Sherbrooke;food;doublon;;',
    ].join('\n');
    const res = await importCsv(Buffer.from(csv));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    expect(res.body.rows.find((r: { slug: string }) => r.slug === 'deja-la')).toMatchObject({
      line: 6,
      outcome: 'updated',
      changed: expect.arrayContaining(['name', 'legalForm']),
    });
    const byLine = res.body.rejected.map((r: { line: number; field: string }) => `${r.line}:${r.field}`);
    expect(byLine).toEqual(['3:name', '4:legalForm', '7:territory', '7:website', '7:brandColor', '9:slug']);
    expect(res.body.rejected.at(-1).message).toMatch(/line 8/);
    expect((await admin.api.get('/api/v1/enterprises?q=bonne ligne')).body.total).toBe(1);
    expect((await admin.api.get('/api/v1/enterprises?q=mauvais site')).body.total).toBe(0);
  });

  it('refuses a foreign encoding or a workbook with 415, and an empty or missing file with 400', async () => {
    const utf16 = iconv.encode('name,legalForm,territory,sector\nA,nonprofit,Sherbrooke,food\n', 'utf16le');
    expect((await importCsv(utf16)).status).toBe(415);
    expect((await importCsv(Buffer.from('PK\u0003\u0004xlsx'))).status).toBe(415);
    expect((await importCsv(Buffer.alloc(0))).status).toBe(400);
    const none = await admin.api.request('POST', '/api/v1/enterprises/import', { raw: new FormData() });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].field).toBe('file');
  });

  it('reads UTF-16 with BOM and tabs (Excel "Unicode text")', async () => {
    const text = '\uFEFFname\tlegalForm\tterritory\tsector\nUnicode Coop\tnonprofit\tLes Sources\thousing\n';
    const res = await importCsv(iconv.encode(text, 'utf16le'));
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
  });
});

describe('CSV import, everyday files', () => {
  it('reads semicolons with CR-only line endings and Mac OS Roman (Excel for old Macs) when a description holds commas', async () => {
    const description = 'Paniers, fruits, légumes, pain, fromages, miel, œufs, savons, conserves, tisanes';
    expect(description.split(',').length - 1).toBe(9);
    const csv = `Nom;Forme juridique;Territoire;Secteur;Description\rMarché Mac;OBNL;Sherbrooke;Alimentation;${description}\r`;
    const res = await importCsv(iconv.encode(csv, 'macintosh'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, rejected: [] });
    const found = await admin.api.get('/api/v1/enterprises?q=marche mac');
    expect(found.body.data[0]).toMatchObject({ name: 'Marché Mac', description });
  });

  it('importing the same file twice updates instead of duplicating, row by row', async () => {
    const rows = [
      'Nom;Forme juridique;Territoire;Secteur;Couleur',
      'Deux Fois Coop;Coopérative de travail;Sherbrooke;Fabrication;#112233',
      'Deux Fois OBNL;OBNL;Coaticook;Alimentation;#445566',
    ];
    const first = await importCsv(Buffer.from(rows.join('\r\n')));
    expect(first.body).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: [] });
    const again = await importCsv(Buffer.from(rows.join('\r\n')));
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: [] });
    rows[2] = 'Deux Fois OBNL;OBNL;Coaticook;Alimentation;#778899';
    const edited = await importCsv(Buffer.from(rows.join('\r\n')));
    expect(edited.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(edited.body.rows.map((r: { line: number; outcome: string }) => `${r.line}:${r.outcome}`)).toEqual([
      '2:unchanged',
      '3:updated',
    ]);
    const found = await admin.api.get('/api/v1/enterprises?q=deux fois');
    expect(found.body.total).toBe(2);
    expect(found.body.data.find((e: { name: string }) => e.name === 'Deux Fois OBNL').brandColor).toBe(
      '#778899',
    );
  });

  it('names the column, the accepted values and the nearest one for a value outside a list or a colour name', async () => {
    const csv = 'Nom;Forme juridique;Territoire;Secteur;Couleur\nPresque;OBNL;Granit;Alimentation;rouge\n';
    const res = await importCsv(Buffer.from(csv));
    expect(res.body.created).toBe(0);
    const [territory, colour] = res.body.rejected;
    expect(territory).toMatchObject({
      line: 2,
      field: 'territory',
      column: 'Territoire',
      value: 'Granit',
      suggestion: 'Le Granit',
    });
    expect(territory.accepted).toContain('Le Granit');
    expect(territory.message).not.toMatch(/Invalid option/);
    expect(colour).toMatchObject({
      field: 'brandColor',
      column: 'Couleur',
      value: 'rouge',
      suggestion: '#C8102E',
    });
  });
});
