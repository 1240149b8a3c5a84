import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainChannel, explainPublication } from '../../server/dashboard/i18n/publication-reasons.js';
import { Sandbox } from '../adapters/sandbox.helpers.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';
import type { HttpClient } from '../setup/http.js';

/** Each family of error, on a French screen: no internal name, no English. */
let app: TestApp;
let admin: TestUser;
let client: HttpClient;
let csrf: string;
let enterpriseId: string;
let english: { client: HttpClient; csrf: string };
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin', { locale: 'fr' });
  const englishAdmin = await app.createUser('admin', { locale: 'en', email: 'messages-en@example.test' });
  enterpriseId = (await createEnterprise(admin.api, { name: 'Coop Messages' })).id;
  ({ client, csrf } = await signInToDashboard(app, admin.user.email));
  english = await signInToDashboard(app, englishAdmin.user.email);
});

/** The error summary of a rendered form, as text. */
const summaryOf = (page: string) =>
  (/<div class="error-summary"[\s\S]*?<\/div>/.exec(page)?.[0] ?? '').replace(/<[^>]+>/g, '');
/** Every message of a rendered form: its summary and the errors beside its fields. */
const messagesOf = (page: string) =>
  [summaryOf(page), ...Array.from(page.matchAll(/<p class="field-error"[^>]*>([^<]*)</g), (m) => m[1])].join(
    '\n',
  );
/** Codes of the enterprise form's selects, which no message may list. */
const codes = /worker_coop|solidarity_coop|nonprofit|arts_culture|agriculture|hexadecimal|ISO date-time/;
afterAll(async () => {
  await app?.close();
});

describe('messages on French screens', () => {
  it('an upload that is not an image says so in French, and the address stays clean', async () => {
    const body = new FormData();
    for (const [k, v] of Object.entries({
      _csrf: csrf,
      name: 'Coop Messages',
      legalForm: 'worker_coop',
      territory: 'Sherbrooke',
      sector: 'food',
    }))
      body.append(k, v);
    body.append('logo', new Blob(['pas une image'], { type: 'image/png' }), 'logo.png');
    const res = await client.request('POST', `/enterprises/${enterpriseId}`, { raw: body, headers: browser });
    expect(res.status).toBe(400);
    expect(res.text).toContain('le contenu n’a pas été reconnu');
    expect(res.text).not.toMatch(/not recognised|must be one of/);
    expect(res.text).not.toMatch(/action="[^"]*_csrf=/);
  });

  it("zod's own wording becomes French, with the field's label", async () => {
    const res = await client.request(
      'POST',
      '/channels/sandbox',
      form({ _csrf: csrf, platform: 'twitter', name: 'Page' }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<a href="#f-platform">Plateforme<\/a> : doit être facebook ou linkedin/);
    expect(res.text).not.toMatch(/Invalid option|expected one of/);
  });

  it('a template field is named by its label in the error summary, never by its internal path', async () => {
    const campaignId = (await createCampaign(admin.api, { enterpriseIds: [enterpriseId] })).id;
    const res = await client.request(
      'POST',
      '/ads/new',
      form({
        _csrf: csrf,
        templateId: 'chiffre-impact',
        campaignId,
        enterpriseIds: enterpriseId,
        'fields.figure': '123456789012345',
        'fields.impact': 'emplois',
        caption: 'Bravo',
      }),
    );
    expect(res.status).toBe(400);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? '';
    expect(summary).toMatch(/<a href="#f-fields\.figure">Chiffre<\/a> : doit compter au plus 14 caractères/);
    expect(summary).not.toMatch(/fields\.figure :|figure :/);
  });

  it.each([
    [
      'fr',
      'Forme juridique : choisissez une option dans la liste',
      'Secteur : choisissez une option dans la liste',
    ],
    [
      'en',
      'Legal form: choose one of the options in the list',
      'Sector: choose one of the options in the list',
    ],
  ] as const)(
    'a select left empty says “choose one”, never its codes (%s)',
    async (locale, legalForm, sector) => {
      const who = locale === 'fr' ? { client, csrf } : english;
      const body = new FormData();
      for (const [k, v] of Object.entries({
        _csrf: who.csrf,
        name: 'Coop Vide',
        legalForm: '',
        territory: 'Sherbrooke',
        sector: '',
      }))
        body.append(k, v);
      const res = await who.client.request('POST', '/enterprises', { raw: body, headers: browser });
      expect(res.status).toBe(400);
      const summary = summaryOf(res.text);
      expect(summary).toContain(legalForm);
      expect(summary).toContain(sector);
      expect(messagesOf(res.text)).not.toMatch(codes);
    },
  );

  it.each([
    ['fr', 'choisissez une option dans la liste'],
    ['en', 'choose one of the options in the list'],
  ] as const)(
    'a time entry without its enterprise says “choose one”, not an id format (%s)',
    async (locale, text) => {
      const who = locale === 'fr' ? { client, csrf } : english;
      const res = await who.client.request(
        'POST',
        '/time',
        form({ _csrf: who.csrf, enterpriseId: '', date: '2026-11-02', minutes: '30', activity: 'planning' }),
      );
      expect(res.status).toBe(400);
      expect(summaryOf(res.text)).toContain(text);
      expect(messagesOf(res.text)).not.toMatch(codes);
      expect(messagesOf(res.text)).not.toMatch(/identifiant valide/);
    },
  );

  it('an English date error speaks of a date, not of an ISO date-time, and puts no space before the colon', async () => {
    const res = await english.client.request(
      'POST',
      '/campaigns',
      form({
        _csrf: english.csrf,
        name: 'Spring',
        status: 'draft',
        start: 'tomorrow',
        end: '2026-12-31',
        enterpriseIds: enterpriseId,
      }),
    );
    expect(res.status).toBe(400);
    const summary = summaryOf(res.text);
    expect(summary).toMatch(/Starts: must be a date \(YYYY-MM-DD\)/);
    expect(summary).not.toMatch(/ISO| : /);
  });

  it('a channel connection the user cancelled is explained in French on the channel list', async () => {
    await new Sandbox(`${app.baseUrl}/sandbox`).provision('facebook', 'Page annulée');
    const start = await client.get('/api/v1/channels/oauth/facebook/start?mode=sandbox', {
      headers: browser,
    });
    expect(start.status).toBe(302);
    const state = new URL(start.headers.get('location')!, app.baseUrl).searchParams.get('state')!;
    const back = await client.get(
      `/api/v1/channels/oauth/facebook/callback?state=${state}&error=access_denied&error_description=Permissions%20error`,
      { headers: browser },
    );
    expect(back.status).toBe(303);
    const page = await client.get(back.headers.get('location')!, { headers: browser });
    expect(page.text).toContain('La connexion à Facebook n’a pas été approuvée');
    expect(page.text).not.toMatch(/connection was not approved/);
  });

  it('a channel disabled by staff says so in French, not “Disabled by staff.”', async () => {
    const channel = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'linkedin',
      name: 'Page désactivée',
    });
    expect((await admin.api.post(`/api/v1/channels/${channel.body.id}/disable`)).status).toBe(200);
    const page = await client.get('/channels', { headers: browser });
    expect(page.text).toContain('Le canal a été désactivé par l’équipe.');
    expect(page.text).not.toContain('Disabled by staff');
  });

  it('a binary file given as CSV is refused in French', async () => {
    const body = new FormData();
    body.append('_csrf', csrf);
    body.append(
      'file',
      new Blob([Buffer.from([0x4e, 0x00, 0x6f, 0x00, 0x6d, 0x00, 0xff, 0x00])], { type: 'text/csv' }),
      'membres.csv',
    );
    const res = await client.request('POST', '/enterprises/import', { raw: body, headers: browser });
    expect([400, 415]).toContain(res.status);
    expect(messagesOf(res.text)).toContain('Fichier CSV : n’est pas un texte lisible');
    expect(res.text).not.toMatch(/unsupported encoding|without BOM\)$/m);
  });

  it('every line of an error summary names its field and links to it; an upload names the image kinds', async () => {
    const body = new FormData();
    for (const [k, v] of Object.entries({
      _csrf: csrf,
      name: 'Coop Messages',
      legalForm: 'worker_coop',
      territory: 'Sherbrooke',
      sector: 'food',
      contactEmail: 'pas-un-courriel',
      brandColor: 'rouge',
    }))
      body.append(k, v);
    const res = await client.request('POST', `/enterprises/${enterpriseId}`, { raw: body, headers: browser });
    expect(res.status).toBe(400);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? '';
    const lines = Array.from(summary.matchAll(/<li>([\s\S]*?)<\/li>/g), (m) => m[1]!);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      const link = /^<a href="#([^"]+)">([^<]+)<\/a> : /.exec(line);
      expect(link, line).not.toBeNull();
      expect(res.text).toContain(`id="${link![1]}"`);
    }
    const text = summaryOf(res.text);
    expect(text).toMatch(/Courriel[^:]* : doit être une adresse courriel/);
    expect(text).toMatch(/ : doit être une couleur comme #1F6F5C/);

    const upload = new FormData();
    for (const [k, v] of Object.entries({
      _csrf: csrf,
      name: 'Coop Messages',
      legalForm: 'worker_coop',
      territory: 'Sherbrooke',
      sector: 'food',
    }))
      upload.append(k, v);
    upload.append('photo', new Blob(['pas une image'], { type: 'image/jpeg' }), 'photo.jpg');
    const refused = await client.request('POST', `/enterprises/${enterpriseId}`, {
      raw: upload,
      headers: browser,
    });
    expect(refused.status).toBe(400);
    expect(summaryOf(refused.text)).toMatch(
      /photo[^:]* : doit être une image PNG, JPEG, WebP ou HEIC \(le contenu n’a pas été reconnu\)/i,
    );
    expect(messagesOf(refused.text)).not.toMatch(/image\/png|image\/jpeg/);
  });

  it('a publication’s status reason is explained in French, the English kept aside', async () => {
    const period = {
      start: new Date().toISOString().slice(0, 10),
      end: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    };
    const campaignId = (await createCampaign(admin.api, { enterpriseIds: [enterpriseId], period })).id;
    const adId = (await createAd(admin.api, campaignId, [enterpriseId], { templateId: 'vitrine-produit' }))
      .id;
    const channel = (
      await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Page FR' })
    ).body.id;
    const scheduled = await admin.api.post('/api/v1/publications', {
      adId,
      channelIds: [channel],
      at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect(scheduled.status).toBe(201);
    const pub = scheduled.body.data[0].id;
    expect((await admin.api.post(`/api/v1/publications/${pub}/cancel`)).status).toBe(200);
    const page = await client.get('/publications?status=cancelled', { headers: browser });
    expect(page.text).toMatch(/Annulée par admin \d+ \(administration\)\./);
    expect(page.text).not.toContain('Cancelled by');
    // Cancelling it again is refused in French too, not with the service's English.
    const again = await client.request('POST', `/publications/${pub}/cancel`, form({ _csrf: csrf }));
    expect(again.status).toBe(303);
    const after = await client.get('/publications?status=cancelled', { headers: browser });
    expect(after.text).toContain('Cette action n’est plus possible : l’état a changé entre-temps.');
    expect(after.text).not.toMatch(/cannot be cancelled|publication cannot/);
  });

  it('a platform refusal is explained by its class and code, the platform’s text secondary', () => {
    const e = explainPublication('fr', {
      status: 'failed',
      statusReason: 'The text is 3020 characters long; linkedin accepts at most 3000.',
      lastError: {
        class: 'permanent',
        code: 'caption_too_long',
        message: 'The text is 3020 characters long; linkedin accepts at most 3000.',
      },
    });
    expect(e.text).toBe('Le texte dépasse la limite de la plateforme : raccourcissez-le, puis relancez.');
    expect(e.raw).toEqual(['The text is 3020 characters long; linkedin accepts at most 3000.']);
    const unknown = explainPublication('fr', {
      status: 'held',
      statusReason: 'Something new',
      lastError: { class: 'reconnect', code: 'whatever', message: 'Token revoked' },
    });
    expect(unknown.text).toMatch(/^La plateforme a refusé l’accès au canal/);
    const channel = explainChannel('fr', 'needs_reconnection', 'The Page token was invalidated.');
    expect(channel).toEqual({
      text: 'La plateforme refuse l’accès à ce canal (jeton expiré ou rôle perdu) : reconnectez-le.',
      raw: ['The Page token was invalidated.'],
    });
  });
});
