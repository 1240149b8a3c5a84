import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createEnterprise, png } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
let admin: TestUser;
let enterpriseId: string;
let campaignId: string;
const email = 'editor-photos@example.test';
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin', { email });
  enterpriseId = (await createEnterprise(admin.api, { name: 'Coop La Grange' })).id;
  campaignId = (await createCampaign(admin.api, { enterpriseIds: [enterpriseId] })).id;
});
afterAll(async () => {
  await app?.close();
});

/** The enterprise form as a browser sends it: multipart, with the CSRF token in the action. */
async function postEnterpriseForm(fields: Record<string, string>, photo?: Buffer, logo?: Buffer) {
  const { client, csrf } = await signInToDashboard(app, email);
  const edit = await client.get(`/enterprises/${enterpriseId}/edit`, { headers: browser });
  const action = /<form method="post" action="([^"]+)"[^>]*enctype="multipart\/form-data"/.exec(
    edit.text,
  )![1]!;
  const body = new FormData();
  const current = (await admin.api.get(`/api/v1/enterprises/${enterpriseId}`)).body;
  for (const [k, v] of Object.entries({
    _csrf: csrf,
    name: current.name,
    legalForm: current.legalForm,
    territory: current.territory,
    sector: current.sector,
    brandColor: current.brandColor,
    active: 'true',
    ...fields,
  }))
    body.append(k, v);
  if (photo) body.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'IMG_1234.JPG');
  if (logo) body.append('logo', new Blob([new Uint8Array(logo)], { type: 'image/svg+xml' }), 'logo.svg');
  const res = await client.request('POST', action.replaceAll('&amp;', '&'), { raw: body, headers: browser });
  return { res, client };
}

describe('the enterprise form’s photos', () => {
  it('uploads a photo with its focal point, then moves it, from the form', async () => {
    const photo = await sharp(await png(800, 400, '#3366aa'))
      .jpeg()
      .toBuffer();
    const { res, client } = await postEnterpriseForm({ focalX: '80', focalY: '25' }, photo);
    expect(res.status).toBe(303);
    const saved = (await admin.api.get(`/api/v1/enterprises/${enterpriseId}`)).body;
    expect(saved.photos).toHaveLength(1);
    expect(saved.photos[0].focal).toEqual({ x: 0.8, y: 0.25 });
    const fileId = saved.photos[0].fileId;

    const edit = await client.get(`/enterprises/${enterpriseId}/edit`, { headers: browser });
    expect(edit.text).toContain('name="photo" type="file"');
    expect(edit.text).toContain(`name="focalX_${fileId}"`);
    expect(edit.text).toMatch(new RegExp(`name="focalX_${fileId}"[^>]*value="80"`));

    const moved = await postEnterpriseForm({
      [`focalX_${fileId}`]: '10',
      [`focalY_${fileId}`]: '90',
      photoDefault: fileId,
    });
    expect(moved.res.status).toBe(303);
    const after = (await admin.api.get(`/api/v1/enterprises/${enterpriseId}`)).body;
    expect(after.photos[0].focal).toEqual({ x: 0.1, y: 0.9 });
  });

  it('says in French why a focal point is refused, beside its field', async () => {
    const photo = await sharp(await png(200, 100))
      .jpeg()
      .toBuffer();
    const { res } = await postEnterpriseForm({ focalX: '150' }, photo);
    expect(res.status).toBe(400);
    expect(res.text).toContain('doit être un pourcentage de 0 à 100');
  });
});

describe('the enterprise form’s logo', () => {
  it('takes an SVG logo, and says in French why one that reaches outside is refused', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#123456"/></svg>';
    const ok = await postEnterpriseForm({}, undefined, Buffer.from(svg));
    expect(ok.res.status).toBe(303);
    expect((await admin.api.get(`/api/v1/enterprises/${enterpriseId}`)).body.logoUrl).toMatch(
      /\/api\/v1\/media\//,
    );
    const outside = svg.replace(
      '<rect',
      '<image href="https://tracker.example/x.png" width="1" height="1"/><rect',
    );
    const refused = await postEnterpriseForm({}, undefined, Buffer.from(outside));
    expect(refused.res.status).toBe(400);
    expect(refused.res.text).toContain('ne doit faire référence à aucun fichier ni aucune adresse externe');
  });
});

describe('the ad editor', () => {
  it('switches template without saving and keeps what was typed (no JavaScript needed)', async () => {
    const { client, csrf } = await signInToDashboard(app, email);
    const res = await client.request(
      'POST',
      '/ads/new',
      form({
        _csrf: csrf,
        intent: 'switch-template',
        templateId: 'portrait-citation',
        campaignId,
        enterpriseIds: enterpriseId,
        'fields.headline': 'Un titre du gabarit précédent',
        caption: 'Mon texte de publication',
      }),
    );
    expect(res.status).toBe(200);
    for (const name of ['quote', 'person', 'role']) expect(res.text).toContain(`name="fields.${name}"`);
    expect(res.text).not.toContain('name="fields.headline"');
    expect(res.text).toContain('Mon texte de publication');
    expect(res.text).toMatch(/<option value="portrait-citation" selected>/);
    expect(res.text).not.toContain('error-summary');
  });

  it('offers the enterprises as searchable checkboxes, and the featured enterprise’s photos to pick', async () => {
    const { client } = await signInToDashboard(app, email);
    const page = await client.get(`/ads/new?campaignId=${campaignId}&templateId=vitrine-produit`, {
      headers: browser,
    });
    expect(page.text).not.toMatch(/<select[^>]*name="enterpriseIds"[^>]*multiple/);
    expect(page.text).toContain('class="picker-search"');
    // Without JavaScript, a button shows the ticked enterprises' photos (the form is kept, not saved).
    expect(page.text).toMatch(
      /<button type="submit" name="intent" value="switch-template"[^>]*data-refresh-photos>/,
    );
    expect(page.text).toMatch(
      new RegExp(`<input type="checkbox" name="enterpriseIds" value="${enterpriseId}"`),
    );
    const edit = await client.request(
      'POST',
      '/ads/new',
      form({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!,
        intent: 'switch-template',
        templateId: 'vitrine-produit',
        campaignId,
        enterpriseIds: enterpriseId,
      }),
    );
    const photos = (await admin.api.get(`/api/v1/enterprises/${enterpriseId}`)).body.photos;
    expect(photos.length).toBeGreaterThan(0);
    expect(edit.text).toContain(`name="fields.photo" value="${photos[0].fileId}"`);
    expect(edit.text).toContain('Photo 1 de Coop La Grange');
  });

  it('counts a template field’s characters and warns before a text is cut (a 90-character headline)', async () => {
    const { client, csrf } = await signInToDashboard(app, email);
    const headline =
      'Des légumes biologiques cultivés à Sherbrooke et livrés à vélo chaque jeudi matin chez vous';
    expect([...headline].length).toBe(91);
    const page = await client.request(
      'POST',
      '/ads/new',
      form({
        _csrf: csrf,
        intent: 'switch-template',
        templateId: 'vitrine-produit',
        campaignId,
        enterpriseIds: enterpriseId,
        'fields.headline': headline,
      }),
    );
    // Nothing cuts what was typed: the whole text is kept and the counter says it is over.
    expect(page.text).toContain(`value="${headline}"`);
    expect(page.text).not.toMatch(/name="fields\.headline"[^>]*maxlength/);
    expect(page.text).toContain('91 / 80 : 11 caractère(s) de trop');

    // A text within the limit that the image cannot hold: the preview says it will be cut.
    const long = 'Anticonstitutionnellementextraordinairementinterminablement';
    const preview = await client.request(
      'POST',
      '/ads/preview',
      form({
        _csrf: csrf,
        templateId: 'vitrine-produit',
        format: 'facebook',
        enterpriseIds: enterpriseId,
        'fields.headline': long,
      }),
    );
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('« Titre » ne tient pas sur l’image et sera coupé');
    const fits = await client.request(
      'POST',
      '/ads/preview',
      form({
        _csrf: csrf,
        templateId: 'vitrine-produit',
        format: 'facebook',
        enterpriseIds: enterpriseId,
        'fields.headline': 'Court',
      }),
    );
    expect(fits.text).not.toContain('cut-warnings');
  });
});

describe('the templates gallery', () => {
  it('shows a thumbnail per template and format, drawn once, and creates an ad from a template', async () => {
    const { client } = await signInToDashboard(app, email);
    const gallery = await client.get('/templates', { headers: browser });
    for (const id of ['chiffre-impact', 'portrait-citation', 'vitrine-produit']) {
      for (const format of ['facebook', 'square', 'linkedin'])
        expect(gallery.text).toContain(`/templates/${id}/thumbnail/${format}.webp?lang=fr`);
      expect(gallery.text).toContain(`href="/ads/new?templateId=${id}"`);
    }
    const first = await client.get('/templates/chiffre-impact/thumbnail/square.webp?lang=fr', {
      headers: { accept: 'image/*' },
    });
    expect([first.status, first.headers.get('content-type'), first.headers.get('x-cache')]).toEqual([
      200,
      'image/webp',
      'miss',
    ]);
    const meta = await sharp(first.bytes).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(480);
    const again = await client.get('/templates/chiffre-impact/thumbnail/square.webp?lang=fr', {
      headers: { accept: 'image/*' },
    });
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(again.bytes.equals(first.bytes)).toBe(true);

    const editor = await client.get('/ads/new?templateId=portrait-citation', { headers: browser });
    expect(editor.status).toBe(200);
    expect(editor.text).toMatch(/<option value="portrait-citation" selected>/);
    expect(editor.text).toContain('name="fields.quote"');
  });
});
