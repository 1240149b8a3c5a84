import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
let admin: TestUser;
let enterpriseId: string;
let campaignId: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin', { email: 'ads-editor@example.test' });
  enterpriseId = (await createEnterprise(admin.api, { brandColor: '#2A6F97' })).id;
  campaignId = (await createCampaign(admin.api, { enterpriseIds: [enterpriseId] })).id;
});
afterAll(async () => {
  await app?.close();
});

describe('template gallery', () => {
  it('shows the three templates with samples, and a try-out page whose preview follows the fields', async () => {
    const { client } = await signInToDashboard(app, 'ads-editor@example.test');
    const gallery = await client.get('/templates', { headers: browser });
    expect(gallery.status).toBe(200);
    for (const id of ['chiffre-impact', 'portrait-citation', 'vitrine-produit'])
      expect(gallery.text).toContain(`/templates/${id}/sample/facebook.jpg`);
    const sample = await client.get('/templates/portrait-citation/sample/square.jpg', {
      headers: { accept: 'image/*' },
    });
    expect([sample.status, sample.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const page = await client.get('/templates/vitrine-produit', { headers: browser });
    expect(page.text).toContain('name="headline"');
    const fragment = await client.get(
      '/templates/vitrine-produit/preview-fragment?format=square&headline=Bonjour',
      {
        headers: browser,
      },
    );
    const src = /src="([^"]+)"/.exec(fragment.text)?.[1]?.replaceAll('&amp;', '&');
    expect(src).toContain('headline=Bonjour');
    const image = await client.get(src!, { headers: { accept: 'image/*' } });
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
  });

  it('the try-out page creates an ad with its template, carrying the texts typed there', async () => {
    const { client } = await signInToDashboard(app, 'ads-editor@example.test');
    const page = await client.get('/templates/vitrine-produit', { headers: browser });
    // The button sends the try-out form (its fields and format) to the new-ad page.
    expect(page.text).toMatch(
      /<button type="submit" class="button primary" formaction="\/ads\/new" formmethod="get" name="templateId" value="vitrine-produit">Créer une publicité avec ce gabarit<\/button>/,
    );
    const editor = await client.get(
      '/ads/new?format=square&headline=Paniers+du+jeudi&templateId=vitrine-produit',
      { headers: browser },
    );
    expect(editor.status).toBe(200);
    expect(editor.text).toMatch(/<option value="vitrine-produit"\s+selected/);
    expect(editor.text).toContain('value="Paniers du jeudi"');
    expect(editor.text).toMatch(/<option value="square" selected>/);
  });
});

describe('ad editor', () => {
  it('builds the template’s fields from its manifest, with a live preview posting as the user types', async () => {
    const { client } = await signInToDashboard(app, 'ads-editor@example.test');
    const list = await client.get(`/ads?campaignId=${campaignId}`, { headers: browser });
    expect(list.text).toContain(`href="/ads/new?campaignId=${campaignId}"`);
    const page = await client.get(`/ads/new?campaignId=${campaignId}&templateId=chiffre-impact`, {
      headers: browser,
    });
    expect(page.status).toBe(200);
    for (const name of ['headline', 'figure', 'impact']) expect(page.text).toContain(`name="fields.${name}"`);
    expect(page.text).toContain('hx-post="/ads/preview"');
    expect(page.text).toContain('hx-trigger="input changed delay:300ms');
    expect(page.text).toMatch(/<img src="\/ads\/previews\/[a-f0-9]{32}\.jpg"/);
    const other = await client.get('/ads/new?templateId=portrait-citation', { headers: browser });
    for (const name of ['quote', 'person', 'role']) expect(other.text).toContain(`name="fields.${name}"`);
  });

  it('answers a preview request with an image served from the cache by its hash', async () => {
    const { client, csrf } = await signInToDashboard(app, 'ads-editor@example.test');
    const fragment = await client.request(
      'POST',
      '/ads/preview',
      form(
        {
          templateId: 'chiffre-impact',
          format: 'square',
          enterpriseIds: enterpriseId,
          'fields.figure': '42',
          'fields.impact': 'emplois',
        },
        { 'x-csrf-token': csrf, 'hx-request': 'true' },
      ),
    );
    expect(fragment.status).toBe(200);
    const src = /src="(\/ads\/previews\/[a-f0-9]{32}\.jpg)"/.exec(fragment.text)?.[1];
    expect(src).toBeDefined();
    expect(fragment.text).toContain('width="1080" height="1080"');
    const image = await client.get(src!, { headers: { accept: 'image/*' } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const noCsrf = await client.request('POST', '/ads/preview', form({ templateId: 'chiffre-impact' }));
    expect(noCsrf.status).toBe(403);
  });

  it('shows validation errors beside the field and keeps what was typed', async () => {
    const { client, csrf } = await signInToDashboard(app, 'ads-editor@example.test');
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
    expect(res.text).toMatch(
      /<input id="f-fields\.figure" name="fields\.figure"[^>]*value="123456789012345"[^>]*aria-invalid="true"/,
    );
    expect(res.text).toMatch(/<p class="field-error" id="f-fields\.figure-error">[^<]*14/);
  });

  it('creates an ad, shows it with its post previews, and queues its render from the Render button', async () => {
    const { client, csrf } = await signInToDashboard(app, 'ads-editor@example.test');
    const created = await client.request(
      'POST',
      '/ads/new',
      form({
        _csrf: csrf,
        templateId: 'chiffre-impact',
        campaignId,
        enterpriseIds: enterpriseId,
        'fields.figure': '42',
        'fields.impact': 'emplois créés',
        caption: 'Bravo à la coop!',
        captionLinkedin: 'Version LinkedIn',
        link: 'https://coop.example/impact',
      }),
    );
    expect(created.status).toBe(303);
    const url = created.headers.get('location')!;
    expect(url).toMatch(/^\/ads\/[a-f0-9]{24}$/);
    const page = await client.get(url, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('post-card post-facebook');
    expect(page.text).toContain('Bravo à la coop!');
    expect(page.text).toContain('Version LinkedIn');
    expect(page.text).toContain('coop.example');
    const render = await client.request('POST', `${url}/render`, form({ _csrf: csrf }));
    expect(render.status).toBe(303);
    expect((await client.get(url, { headers: browser })).text).toContain('flash-success');
    const edit = await client.get(`${url}/edit`, { headers: browser });
    expect(edit.text).toContain('value="42"');
  });

  it('shows an ad’s renders per format once they are stored', async () => {
    const ad = await createAd(admin.api, campaignId, [enterpriseId], {
      templateId: 'chiffre-impact',
      fields: { figure: '9', impact: 'coops' },
    });
    const { renderAd } = await import('../../server/use-cases/render-ad.js');
    await renderAd(ad.id);
    const { client } = await signInToDashboard(app, 'ads-editor@example.test');
    const page = await client.get(`/ads/${ad.id}`, { headers: browser });
    expect(page.text.match(/class="ad-render"/g)?.length).toBe(3);
    expect(page.text).toContain('1200×630');
    // Each image is named by the template's format label, never by its format id.
    const captions = Array.from(
      page.text.matchAll(/<figcaption>([^<]*)<\/figcaption>/g),
      (m) => m[1]!.split(' · ')[0],
    );
    expect(captions).toEqual(['Facebook (paysage)', 'Carré', 'LinkedIn']);
  });
});
