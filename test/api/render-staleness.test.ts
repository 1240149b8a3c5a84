import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planIsCurrent, planRenders, renderAd } from '../../server/use-cases/render-ad.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let admin: TestUser;
let enterpriseId: string;
let adId: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  enterpriseId = (await createEnterprise(admin.api, { name: 'Coop Couleur', brandColor: '#aa3300' })).id;
  const campaign = await createCampaign(admin.api, { enterpriseIds: [enterpriseId] });
  adId = (
    await createAd(admin.api, campaign.id, [enterpriseId], {
      templateId: 'chiffre-impact',
      fields: { figure: '7', impact: 'coopératives partenaires' },
    })
  ).id;
});
afterAll(async () => {
  await app?.close();
});

describe('a render job overtaken by a branding change', () => {
  it('knows its planned images are stale once the brand colour changed, and current otherwise', async () => {
    const plan = await planRenders(adId);
    expect(plan.items.map((i) => i.format)).toEqual(['facebook', 'square', 'linkedin']);
    expect(await planIsCurrent(plan)).toBe(true);

    const changed = await admin.api.patch(`/api/v1/enterprises/${enterpriseId}`, { brandColor: '#0055aa' });
    expect(changed.status).toBe(200);
    expect(await planIsCurrent(plan)).toBe(false);
    expect(await planIsCurrent(await planRenders(adId))).toBe(true);
  });

  it('stores only images of the current branding', async () => {
    await renderAd(adId);
    const stored = (await admin.api.get(`/api/v1/ads/${adId}`)).body.renders as {
      hash: string;
      format: string;
    }[];
    const current = await planRenders(adId);
    expect(stored.map((r) => r.hash)).toEqual(current.items.map((i) => i.hash));
  });
});

describe('a render job whose staleness check fails', () => {
  it('calls a deleted ad stale, but lets any other error fail the job so that it is retried', async () => {
    const plan = await planRenders(adId);
    const gone = { ...plan, ad: { ...plan.ad, id: '0123456789abcdef01234567' } };
    expect(await planIsCurrent(gone)).toBe(false);
    // A lookup that fails for another reason (here a malformed id; in production a MongoDB
    // outage) used to count as "stale", silently dropping the render.
    const broken = { ...plan, ad: { ...plan.ad, id: 'not-an-object-id' } };
    await expect(planIsCurrent(broken)).rejects.toThrow();
  });
});
