import mongoose from 'mongoose';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDesign } from '../../server/modules/rendering/renderer.js';
import { startRenderWorker } from '../../workers/render.worker.js';
import { createAd, createCampaign, createEnterprise, form, png } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { until } from '../setup/poll.js';

let app: TestApp;
let admin: TestUser;
let member: TestUser;
let mine: string;
let theirs: string;
let campaignId: string;
beforeAll(async () => {
  app = await startTestApp({ beforeApp: () => void startRenderWorker() });
  admin = await app.createUser('admin');
  mine = (await createEnterprise(admin.api, { brandColor: '#2A6F97' })).id;
  theirs = (await createEnterprise(admin.api)).id;
  member = await app.createUser('member', { enterpriseId: mine });
  campaignId = (await createCampaign(admin.api, { enterpriseIds: [mine, theirs] })).id;
});
afterAll(async () => {
  await app?.close();
});

const headline = 'Des légumes bios, livrés à vélo';
const preview = (body: Record<string, unknown>, user = admin) =>
  user.api.post('/api/v1/previews', { templateId: 'vitrine-produit', format: 'facebook', ...body });

const renderFiles = () =>
  mongoose.connection.db!.collection('media.files').countDocuments({ 'metadata.kind': 'render' });

describe('templates and previews', () => {
  it('lists the three templates with their fields and formats', async () => {
    const res = await admin.api.get('/api/v1/templates');
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: { id: string }) => t.id).sort()).toEqual([
      'chiffre-impact',
      'portrait-citation',
      'vitrine-produit',
    ]);
    for (const t of res.body.data) {
      expect(t.fields.length).toBeGreaterThan(0);
      expect(t.formats).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'facebook', width: 1200, height: 630 }),
          expect.objectContaining({ id: 'square', width: 1080, height: 1080 }),
          expect.objectContaining({ id: 'linkedin', width: 1200, height: 627 }),
        ]),
      );
    }
  });

  it.each([
    ['facebook', 1200, 630],
    ['square', 1080, 1080],
    ['linkedin', 1200, 627],
  ])(
    'previews the %s format at its exact size, and serves the same preview again from cache',
    async (format, width, height) => {
      const first = await preview({
        format,
        fields: { headline: `${headline} ${format}` },
        enterpriseId: mine,
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('image/jpeg');
      expect(first.headers.get('x-cache')).toBe('miss');
      const res = await preview({
        format,
        fields: { headline: `${headline} ${format}` },
        enterpriseId: mine,
      });
      const image = res.bytes;
      const meta = await sharp(image).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', width, height]);
      expect(res.headers.get('x-cache')).toBe('hit');
      expect(res.headers.get('etag')).toBe(first.headers.get('etag'));
    },
  );

  it.each([
    ['an unknown template', { templateId: 'nope' }, 404, 'templateId'],
    ['an unknown format', { format: 'tiktok' }, 400, 'format'],
    ['a field over its length', { fields: { headline: 'x'.repeat(81) } }, 400, 'fields.headline'],
    ['an unknown field', { fields: { slogan: 'Bonjour' } }, 400, 'fields.slogan'],
    ['an unknown property', { colour: 'red' }, 400, 'colour'],
  ])('refuses %s in the one error format, naming the field', async (_case, body, status, field) => {
    const res = await preview(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    );
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('renders injection attempts literally: the render succeeds and no image reaches for a file', async () => {
    const attack = '</text><image href="file:///etc/passwd"/><text>&amp; ]]>';
    const res = await preview({
      fields: { headline: attack.slice(0, 80), description: '<!ENTITY x SYSTEM "file:///etc/passwd">&x;' },
    });
    expect(res.status).toBe(200);
    const { svg } = await composeDesign({
      templateId: 'vitrine-produit',
      formatId: 'facebook',
      fields: { headline: attack.slice(0, 80) },
      enterprise: { name: '<image href="file:///etc/hostname"/>' },
    });
    expect(svg).not.toMatch(/<image[^>]*file:/);
  });
});

describe('members', () => {
  it('cannot preview with another enterprise’s branding, nor render its ads (404)', async () => {
    expect((await preview({ enterpriseId: theirs }, member)).status).toBe(404);
    expect((await preview({ enterpriseId: mine }, member)).status).toBe(200);
    const ad = await createAd(admin.api, campaignId, [theirs], {
      templateId: 'chiffre-impact',
      fields: { figure: '12', impact: 'emplois' },
    });
    const res = await member.api.post(`/api/v1/ads/${ad.id}/render`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBeTypeOf('string');
  });
});

describe('render jobs', () => {
  it('stores an ad’s renders in every format on the ad, within the platforms’ limits', async () => {
    const ad = await createAd(admin.api, campaignId, [mine], {
      templateId: 'vitrine-produit',
      fields: { headline, description: 'Paniers de saison' },
    });
    const queued = await admin.api.post(`/api/v1/ads/${ad.id}/render`);
    expect(queued.status).toBe(202);
    expect(queued.body.jobId).not.toContain(':');
    const done = await until(
      () => admin.api.get(`/api/v1/ads/${ad.id}`),
      (r) => r.body.renders?.length === 3,
    );
    expect(done.body.renders.map((r: { format: string }) => r.format)).toEqual([
      'facebook',
      'square',
      'linkedin',
    ]);
    for (const render of done.body.renders) {
      const image = (await admin.api.get(render.url)).bytes;
      const meta = await sharp(image).metadata();
      expect([meta.width, meta.height]).toEqual([render.width, render.height]);
      expect(meta.format).toBe('jpeg');
      expect(image.length).toBeLessThan(4 * 1024 * 1024);
    }
  });

  it('renders the same inputs once: a second ad with the same content reuses the stored files', async () => {
    const fields = { figure: '27', impact: 'entreprises collectives' };
    const before = await renderFiles();
    const a = await createAd(admin.api, campaignId, [mine], { templateId: 'chiffre-impact', fields });
    const first = await until(
      () => admin.api.get(`/api/v1/ads/${a.id}`),
      (r) => r.body.renders?.length === 3,
    );
    expect(await renderFiles()).toBe(before + 3);
    const b = await createAd(admin.api, campaignId, [mine], { templateId: 'chiffre-impact', fields });
    const second = await until(
      () => admin.api.get(`/api/v1/ads/${b.id}`),
      (r) => r.body.renders?.length === 3,
    );
    expect(second.body.renders.map((r: { fileId: string }) => r.fileId)).toEqual(
      first.body.renders.map((r: { fileId: string }) => r.fileId),
    );
    expect(await renderFiles()).toBe(before + 3);
  });

  it('re-renders an ad when its fields change, and when its enterprise’s brand colour changes', async () => {
    const ad = await createAd(admin.api, campaignId, [mine], {
      templateId: 'chiffre-impact',
      fields: { figure: '3', impact: 'fermes' },
    });
    const first = await until(
      () => admin.api.get(`/api/v1/ads/${ad.id}`),
      (r) => r.body.renders?.length === 3,
    );
    const hashes = (r: { body: { renders: { hash: string }[] } }) => r.body.renders.map((x) => x.hash).join();
    await admin.api.patch(`/api/v1/ads/${ad.id}`, { fields: { figure: '4', impact: 'fermes' } });
    const edited = await until(
      () => admin.api.get(`/api/v1/ads/${ad.id}`),
      (r) => hashes(r) !== hashes(first),
    );
    expect(hashes(edited)).not.toBe(hashes(first));
    expect((await admin.api.patch(`/api/v1/enterprises/${mine}`, { brandColor: '#8A2BE2' })).status).toBe(
      200,
    );
    const rebranded = await until(
      () => admin.api.get(`/api/v1/ads/${ad.id}`),
      (r) => hashes(r) !== hashes(edited),
    );
    expect(hashes(rebranded)).not.toBe(hashes(edited));
  });

  it('re-renders every ad an enterprise appears in when its logo changes, as lead or partner', async () => {
    const brand = (await createEnterprise(admin.api)).id;
    const led = await createAd(admin.api, campaignId, [brand], {
      templateId: 'chiffre-impact',
      fields: { figure: '8', impact: 'logos' },
    });
    const partnered = await createAd(admin.api, campaignId, [mine, brand], {
      templateId: 'chiffre-impact',
      fields: { figure: '9', impact: 'logos' },
    });
    const read = (id: string) => admin.api.get(`/api/v1/ads/${id}`);
    const hashes = (r: { body: { renders: { hash: string }[] } }) => r.body.renders.map((x) => x.hash).join();
    const rendered = (id: string) =>
      until(
        () => read(id),
        (r) => r.body.renders?.length === 3,
      );
    const [ledBefore, partneredBefore] = [await rendered(led.id), await rendered(partnered.id)];
    const logo = await admin.api.request('PUT', `/api/v1/enterprises/${brand}/logo`, {
      raw: form('logo', await png(120, 120, '#D1495B'), 'logo.png', 'image/png'),
    });
    expect(logo.status).toBe(200);
    for (const [id, before] of [
      [led.id, ledBefore],
      [partnered.id, partneredBefore],
    ] as const) {
      const after = await until(
        () => read(id),
        (r) => r.body.renders?.length === 3 && hashes(r) !== hashes(before),
      );
      expect(hashes(after)).not.toBe(hashes(before));
    }
  });

  it('renders a whole campaign and reports progress until done', async () => {
    const campaign = (await createCampaign(admin.api, { enterpriseIds: [mine] })).id;
    for (const figure of ['1', '2', '3'])
      await createAd(admin.api, campaign, [mine], {
        templateId: 'chiffre-impact',
        fields: { figure, impact: 'coops' },
      });
    const res = await admin.api.post(`/api/v1/campaigns/${campaign}/render`);
    expect(res.status).toBe(202);
    expect(res.body.total).toBe(3);
    const progress = await until(
      () => admin.api.get(res.body.progressUrl),
      (r) => r.body.done === true,
    );
    expect(progress.body).toMatchObject({ total: 3, completed: 3, failed: 0, pending: 0, done: true });
  });
});
