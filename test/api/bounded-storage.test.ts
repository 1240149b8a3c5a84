import mongoose from 'mongoose';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheBudget, cacheStats } from '../../server/lib/cache.js';
import { collectUnusedRenders } from '../../server/use-cases/collect-unused-renders.js';
import { renderAd } from '../../server/use-cases/render-ad.js';
import { createAd, createCampaign, createEnterprise, form, png } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
let admin: TestUser;
let enterpriseId: string;
let campaignId: string;

beforeAll(async () => {
  // A small budget, so that a few previews overflow it.
  app = await startTestApp({ env: { CACHE_MB: '4' } });
  admin = await app.createUser('admin', { email: 'storage-admin@example.test' });
  enterpriseId = (await createEnterprise(admin.api, { name: 'Coop Vignette', brandColor: '#2A6F97' })).id;
  campaignId = (await createCampaign(admin.api, { enterpriseIds: [enterpriseId] })).id;
});
afterAll(async () => {
  await app?.close();
});

const db = () => mongoose.connection.db!;
const renderFile = (fileId: string) =>
  db()
    .collection('media.files')
    .countDocuments({ _id: new mongoose.Types.ObjectId(fileId) });
const indexed = (hash: string) =>
  db()
    .collection('render_index')
    .countDocuments({ _id: hash as never });

async function renderedAd(figure: string) {
  const ad = await createAd(admin.api, campaignId, [enterpriseId], {
    templateId: 'chiffre-impact',
    fields: { figure, impact: 'emplois créés' },
  });
  await renderAd(ad.id);
  return (await admin.api.get(`/api/v1/ads/${ad.id}`)).body as {
    id: string;
    renders: { fileId: string; hash: string; thumbnailUrl: string | null }[];
  };
}

/** Pretends the renders were last used `hours` ago. */
async function age(hashes: string[], hours: number) {
  const at = new Date(Date.now() - hours * 3_600_000);
  await db()
    .collection('render_index')
    .updateMany({ _id: { $in: hashes as never[] } }, { $set: { usedAt: at, createdAt: at } });
}

describe('the in-process caches', () => {
  it('share one byte budget (CACHE_MB) whatever the number of distinct previews', async () => {
    for (let i = 0; i < 12; i += 1) {
      const res = await admin.api.post('/api/v1/previews', {
        templateId: 'vitrine-produit',
        format: i % 2 ? 'square' : 'facebook',
        fields: { headline: `Aperçu numéro ${i}, tout neuf` },
        enterpriseId,
      });
      expect(res.status).toBe(200);
    }
    const budget = cacheBudget();
    expect(budget.maxBytes).toBe(4 * 1024 * 1024);
    const stats = cacheStats();
    const held = stats.reduce((sum, s) => sum + s.bytes, 0);
    expect(held).toBe(budget.bytes);
    expect(held).toBeLessThanOrEqual(budget.maxBytes);
    const byName = Object.fromEntries(stats.map((s) => [s.name, s]));
    expect(byName.previews!.misses).toBeGreaterThanOrEqual(12);
    // 12 previews with their layers do not fit in 4 MB: the oldest were evicted.
    expect(byName.previews!.entries + byName['base-layers']!.entries).toBeLessThan(12 + 2);
    for (const s of stats)
      expect(Object.keys(s).sort()).toEqual(['bytes', 'entries', 'hits', 'misses', 'name']);
  });
});

describe('thumbnails', () => {
  it('are made with each render, a small WebP stored on the ad', async () => {
    const ad = await renderedAd('11');
    expect(ad.renders.length).toBe(3);
    for (const render of ad.renders) {
      expect(render.thumbnailUrl).toMatch(/^data:image\/webp;base64,/);
      const bytes = Buffer.from(render.thumbnailUrl!.split(',')[1]!, 'base64');
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe('webp');
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(160);
      expect(bytes.length).toBeLessThan(12_000);
    }
  });

  it('are what the /ads and /enterprises pages show, not the full-size files', async () => {
    const logo = await png(800, 400, '#aa3300');
    const put = await admin.api.request('PUT', `/api/v1/enterprises/${enterpriseId}/logo`, {
      raw: form('logo', logo, 'logo.png', 'image/png'),
    });
    expect(put.status).toBe(200);
    expect(put.body.logoThumbnailUrl).toMatch(/^data:image\/webp;base64,/);
    const ad = await renderedAd('12');
    const { client } = await signInToDashboard(app, 'storage-admin@example.test');

    const ads = await client.get('/ads', { headers: browser });
    expect(ads.status).toBe(200);
    expect(ads.text).toContain(`src="${ad.renders[0]!.thumbnailUrl}"`);
    expect(ads.text).not.toContain(`src="/api/v1/media/${ad.renders[0]!.fileId}"`);

    const enterprises = await client.get('/enterprises', { headers: browser });
    expect(enterprises.status).toBe(200);
    expect(enterprises.text).toContain(`src="${put.body.logoThumbnailUrl}"`);
    expect(enterprises.text).not.toContain(`src="${put.body.logoUrl}"`);
  });
});

describe('the unused-render sweep', () => {
  it('deletes only renders no ad references, once past the grace, and old render batches', async () => {
    const kept = await renderedAd('21');
    const dropped = await renderedAd('22');
    const droppedRenders = dropped.renders;
    expect((await admin.api.delete(`/api/v1/ads/${dropped.id}`)).status).toBe(204);
    const recent = await renderedAd('23');
    expect((await admin.api.delete(`/api/v1/ads/${recent.id}`)).status).toBe(204);

    const hashes = [...kept.renders, ...droppedRenders].map((r) => r.hash);
    await age(hashes, 100);
    await db()
      .collection('render_batches')
      .insertMany([
        {
          _id: 'old-batch' as never,
          campaignId,
          adIds: [],
          createdAt: new Date(Date.now() - 100 * 3_600_000),
        },
        { _id: 'new-batch' as never, campaignId, adIds: [], createdAt: new Date() },
      ]);

    const result = await collectUnusedRenders(72 * 3_600_000);
    expect(result.renders).toBe(droppedRenders.length);
    expect(result.batches).toBeGreaterThanOrEqual(1);

    for (const r of droppedRenders) {
      expect(await renderFile(r.fileId)).toBe(0);
      expect(await indexed(r.hash)).toBe(0);
    }
    // Referenced by an ad, however old: kept, and its image still served.
    for (const r of kept.renders) {
      expect(await renderFile(r.fileId)).toBe(1);
      expect(await indexed(r.hash)).toBe(1);
    }
    expect((await admin.api.get(`/api/v1/media/${kept.renders[0]!.fileId}`)).status).toBe(200);
    // Unreferenced but within the grace: kept.
    for (const r of recent.renders) expect(await renderFile(r.fileId)).toBe(1);
    const batches = await db().collection('render_batches').find().toArray();
    expect(batches.map((b) => b._id)).toContain('new-batch');
    expect(batches.map((b) => b._id)).not.toContain('old-batch');
  });

  it('draws and stores a swept render again when the same content comes back', async () => {
    const first = await renderedAd('31');
    expect((await admin.api.delete(`/api/v1/ads/${first.id}`)).status).toBe(204);
    await age(
      first.renders.map((r) => r.hash),
      100,
    );
    expect((await collectUnusedRenders(72 * 3_600_000)).renders).toBe(first.renders.length);
    // The same content again: the stored render is gone, so it is drawn and stored again.
    const again = await renderedAd('31');
    expect(again.renders.map((r) => r.hash)).toEqual(first.renders.map((r) => r.hash));
    for (const r of again.renders) expect(await renderFile(r.fileId)).toBe(1);
  });
});
