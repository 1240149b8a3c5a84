import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let strategist: TestUser;
beforeAll(async () => {
  app = await startTestApp();
  strategist = await app.createUser('strategist');
});
afterAll(async () => {
  await app?.close();
});

describe('campaigns', () => {
  it('creates a campaign with a period in the hub time zone, a generated slug and default UTM', async () => {
    const e = await createEnterprise(strategist.api);
    const res = await strategist.api.post('/api/v1/campaigns', {
      name: "L'économie sociale, j'achète!",
      theme: 'Acheter local',
      period: { start: '2026-05-01', end: '2026-06-30' },
      enterpriseIds: [e.id, e.id],
      hashtags: ['#JAchèteÉS', 'Estrie'],
      defaultTemplateId: 'chiffre-impact',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slug: 'l-economie-sociale-j-achete',
      status: 'draft',
      period: { start: '2026-05-01T04:00:00.000Z', end: '2026-06-30T04:00:00.000Z' },
      enterpriseIds: [e.id],
      hashtags: ['JAchèteÉS', 'Estrie'],
      utm: { source: 'vitrine', medium: 'social', campaign: 'l-economie-sociale-j-achete' },
    });
  });

  it('lists with status and name filters, sorted', async () => {
    await createCampaign(strategist.api, { name: 'Mois de l’économie sociale', status: 'active' });
    await createCampaign(strategist.api, { name: 'Archivée', status: 'archived' });
    const active = await strategist.api.get('/api/v1/campaigns?status=active');
    expect(active.body.data.map((c: { name: string }) => c.name)).toEqual(['Mois de l’économie sociale']);
    expect((await strategist.api.get('/api/v1/campaigns?q=economie')).body.total).toBe(2);
    const sorted = await strategist.api.get('/api/v1/campaigns?sort=name&limit=1');
    expect(sorted.body).toMatchObject({ total: 3, limit: 1, data: [{ name: 'Archivée' }] });
  });

  it('updates a campaign, refusing an end before the start', async () => {
    const c = await createCampaign(strategist.api);
    const res = await strategist.api.patch(`/api/v1/campaigns/${c.id}`, {
      status: 'active',
      utm: { source: 'fb', medium: 'social', campaign: 'x' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', utm: { source: 'fb' } });
    const bad = await strategist.api.patch(`/api/v1/campaigns/${c.id}`, {
      period: { start: '2026-06-01', end: '2026-05-01' },
    });
    expect(bad.status).toBe(400);
  });

  it('deletes a campaign with its draft ads', async () => {
    const e = await createEnterprise(strategist.api);
    const c = await createCampaign(strategist.api, { enterpriseIds: [e.id] });
    const ad = await createAd(strategist.api, c.id, [e.id]);
    expect((await strategist.api.delete(`/api/v1/campaigns/${c.id}`)).status).toBe(204);
    expect((await strategist.api.get(`/api/v1/campaigns/${c.id}`)).status).toBe(404);
    expect((await strategist.api.get(`/api/v1/ads/${ad.id}`)).status).toBe(404);
  });
});
