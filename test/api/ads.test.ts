import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let admin: TestUser;
let e1: string;
let e2: string;
let campaignId: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  e1 = (await createEnterprise(admin.api)).id;
  e2 = (await createEnterprise(admin.api)).id;
  campaignId = (
    await createCampaign(admin.api, { enterpriseIds: [e1, e2], defaultTemplateId: 'chiffre-impact' })
  ).id;
});
afterAll(async () => {
  await app?.close();
});

describe('ads (drafts)', () => {
  it('creates a draft with template fields, captions per platform and the campaign’s default template', async () => {
    const res = await admin.api.post('/api/v1/ads', {
      campaignId,
      enterpriseIds: [e1],
      fields: { figure: '42', impact: 'emplois créés' },
      caption: { default: 'Bravo!', linkedin: 'Bravo, version LinkedIn' },
      link: 'https://coop.example/impact',
      approval: { required: true },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      templateId: 'chiffre-impact',
      fields: { figure: '42', impact: 'emplois créés' },
      caption: { default: 'Bravo!', linkedin: 'Bravo, version LinkedIn' },
      approval: { required: true, status: null },
      renders: [],
    });
    const read = await admin.api.get(`/api/v1/ads/${res.body.id}`);
    expect(read.body.fields).toEqual({ figure: '42', impact: 'emplois créés' });
  });

  it('refuses an ad without an enterprise, or with a bad field name', async () => {
    const none = await admin.api.post('/api/v1/ads', { campaignId, enterpriseIds: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].field).toBe('enterpriseIds');
    const bad = await admin.api.post('/api/v1/ads', {
      campaignId,
      enterpriseIds: [e1],
      fields: { $where: 'x' },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses text the template’s fonts cannot draw, naming the field and the characters', async () => {
    const res = await admin.api.post('/api/v1/ads', {
      campaignId,
      enterpriseIds: [e1],
      // Emoji are drawn from the bundled colour set; hieroglyphs are in no bundled font.
      fields: { figure: '42', impact: 'vélos 🚲 réparés ✅ 𓀀 𓀁' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: 'fields.impact', message: "has characters the template's fonts cannot draw: 𓀀 𓀁" },
    ]);
    const preview = await admin.api.post('/api/v1/previews', {
      templateId: 'chiffre-impact',
      format: 'square',
      fields: { figure: '42 𓀀' },
    });
    expect(preview.status).toBe(400);
    expect(preview.body.error.details[0].field).toBe('fields.figure');
    // French typography and accents are drawn.
    const fine = await admin.api.post('/api/v1/ads', {
      campaignId,
      enterpriseIds: [e1],
      fields: { figure: '42', impact: "« Œuvre » d'été : ça marche ! — 3 000 $ … 🚲 ✅" },
    });
    expect(fine.status).toBe(201);
  });

  it('filters by campaign, enterprise and status', async () => {
    const other = await createCampaign(admin.api, { enterpriseIds: [e2] });
    await createAd(admin.api, other.id, [e2], { status: 'ready' });
    expect((await admin.api.get(`/api/v1/ads?campaignId=${other.id}`)).body.total).toBe(1);
    expect((await admin.api.get(`/api/v1/ads?enterpriseId=${e2}&status=ready`)).body.total).toBe(1);
    expect((await admin.api.get('/api/v1/ads?status=published')).body.total).toBe(0);
  });

  it('gives concurrent edits of one ad each its own revision, the last one saved being what the ad holds', async () => {
    const ad = await createAd(admin.api, campaignId, [e1], { caption: { default: 'Version 1' } });
    const edits = await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        admin.api.patch(`/api/v1/ads/${ad.id}`, { caption: { default: `Version modifiée ${k}` } }),
      ),
    );
    const saved = edits.filter((r) => r.status === 200);
    expect(saved.length).toBeGreaterThan(0);
    for (const r of edits.filter((e) => e.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.text).toContain('revision');
    }
    const revisions = saved.map((r) => r.body.revision as number).sort((a, b) => a - b);
    expect(revisions).toEqual(revisions.map((_, i) => i + 2));
    const last = saved.find((r) => r.body.revision === revisions.at(-1))!;
    const stored = (await admin.api.get(`/api/v1/ads/${ad.id}`)).body;
    expect(stored.revision).toBe(1 + saved.length);
    expect(stored.caption.default).toBe(last.body.caption.default);
  });

  it('updates and deletes a draft', async () => {
    const ad = await createAd(admin.api, campaignId, [e1]);
    const res = await admin.api.patch(`/api/v1/ads/${ad.id}`, {
      enterpriseIds: [e1, e2],
      status: 'ready',
      link: null,
      templateId: 'portrait-citation',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      enterpriseIds: [e1, e2],
      status: 'ready',
      link: null,
      templateId: 'portrait-citation',
    });
    expect((await admin.api.patch(`/api/v1/ads/${ad.id}`, { status: 'published' })).status).toBe(400);
    expect((await admin.api.delete(`/api/v1/ads/${ad.id}`)).status).toBe(204);
    expect((await admin.api.get(`/api/v1/ads/${ad.id}`)).status).toBe(404);
  });
});
