import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise, form, png } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let admin: TestUser;
let strategist: TestUser;
let member: TestUser;
const a = { id: '', adId: '', logoUrl: '' };
const b = { id: '', adId: '', campaignId: '', logoUrl: '' };
let sharedCampaignId = '';

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  strategist = await app.createUser('strategist');
  a.id = (await createEnterprise(admin.api, { name: 'Entreprise A' })).id;
  b.id = (await createEnterprise(admin.api, { name: 'Entreprise B' })).id;
  member = await app.createUser('member', { enterpriseId: a.id });
  sharedCampaignId = (await createCampaign(admin.api, { enterpriseIds: [a.id, b.id] })).id;
  b.campaignId = (await createCampaign(admin.api, { enterpriseIds: [b.id] })).id;
  a.adId = (await createAd(admin.api, sharedCampaignId, [a.id])).id;
  b.adId = (await createAd(admin.api, b.campaignId, [b.id])).id;
  for (const e of [a, b]) {
    const res = await admin.api.request('PUT', `/api/v1/enterprises/${e.id}/logo`, {
      raw: form('logo', await png(), 'logo.png'),
    });
    e.logoUrl = res.body.logoUrl;
  }
});
afterAll(async () => {
  await app?.close();
});

describe('a member sees and changes only its own enterprise', () => {
  it('reads its own enterprise, and gets 404 for another one', async () => {
    expect((await member.api.get(`/api/v1/enterprises/${a.id}`)).status).toBe(200);
    const other = await member.api.get(`/api/v1/enterprises/${b.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
  });

  it('lists only its own enterprise, whatever the filters', async () => {
    const list = await member.api.get('/api/v1/enterprises?limit=100');
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([a.id]);
    expect((await member.api.get('/api/v1/enterprises?q=Entreprise B')).body.total).toBe(0);
  });

  it('updates its description, website and impacts, but not other fields (403) nor another enterprise (404)', async () => {
    const ok = await member.api.patch(`/api/v1/enterprises/${a.id}`, {
      description: 'Notre coop',
      impacts: [{ kind: 'social', label: 'x' }],
    });
    expect(ok.status).toBe(200);
    const name = await member.api.patch(`/api/v1/enterprises/${a.id}`, { name: 'Autre nom' });
    expect(name.status).toBe(403);
    expect(name.body.error.details).toEqual([{ field: 'name', message: 'cannot be changed by a member' }]);
    expect((await member.api.patch(`/api/v1/enterprises/${b.id}`, { description: 'pirate' })).status).toBe(
      404,
    );
    expect((await admin.api.get(`/api/v1/enterprises/${b.id}`)).body.description).toBe('');
  });

  it('cannot create, import or delete enterprises', async () => {
    expect(
      (
        await member.api.post('/api/v1/enterprises', {
          name: 'X',
          legalForm: 'nonprofit',
          territory: 'Sherbrooke',
          sector: 'food',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await member.api.request('POST', '/api/v1/enterprises/import', {
          raw: form('file', Buffer.from('name\n'), 'a.csv'),
        })
      ).status,
    ).toBe(404);
    expect((await member.api.delete(`/api/v1/enterprises/${b.id}`)).status).toBe(404);
    expect((await member.api.delete(`/api/v1/enterprises/${a.id}`)).status).toBe(403);
  });

  it('uploads its own logo, not another enterprise’s logo nor its photo', async () => {
    const upload = (id: string, kind: string) =>
      member.api.request('PUT', `/api/v1/enterprises/${id}/${kind}`, {
        raw: form(kind, Buffer.alloc(0), 'x.png'),
      });
    const own = await member.api.request('PUT', `/api/v1/enterprises/${a.id}/logo`, {
      raw: form('logo', await png(), 'mine.png'),
    });
    expect(own.status).toBe(200);
    a.logoUrl = own.body.logoUrl;
    expect(
      (
        await member.api.request('PUT', `/api/v1/enterprises/${b.id}/logo`, {
          raw: form('logo', await png(), 'x.png'),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await member.api.request('POST', `/api/v1/enterprises/${a.id}/photo`, {
          raw: form('photo', await png(), 'x.png'),
        })
      ).status,
    ).toBe(403);
    expect((await upload(b.id, 'photo')).status).toBe(404);
  });

  it('reads its own logo and gets 404 for another enterprise’s', async () => {
    expect((await member.api.get(a.logoUrl)).status).toBe(200);
    expect((await member.api.get(b.logoUrl)).status).toBe(404);
    expect((await strategist.api.get(b.logoUrl)).status).toBe(200);
  });

  it('reads the campaigns featuring it, read-only, and cannot create or delete campaigns', async () => {
    const list = await member.api.get('/api/v1/campaigns');
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([sharedCampaignId]);
    expect((await member.api.get(`/api/v1/campaigns/${sharedCampaignId}`)).status).toBe(200);
    expect((await member.api.get(`/api/v1/campaigns/${b.campaignId}`)).status).toBe(404);
    expect(
      (
        await member.api.post('/api/v1/campaigns', {
          name: 'X',
          period: { start: '2026-01-01', end: '2026-01-02' },
        })
      ).status,
    ).toBe(404);
    expect((await member.api.patch(`/api/v1/campaigns/${b.campaignId}`, { name: 'Y' })).status).toBe(404);
    expect((await member.api.patch(`/api/v1/campaigns/${sharedCampaignId}`, { name: 'Y' })).status).toBe(403);
    expect((await member.api.delete(`/api/v1/campaigns/${b.campaignId}`)).status).toBe(404);
    expect((await member.api.delete(`/api/v1/campaigns/${sharedCampaignId}`)).status).toBe(403);
  });

  it('reads the ads featuring it and gets 404 for the others', async () => {
    const list = await member.api.get('/api/v1/ads');
    expect(list.body.data.map((ad: { id: string }) => ad.id)).toEqual([a.adId]);
    expect((await member.api.get(`/api/v1/ads?enterpriseId=${b.id}`)).body.total).toBe(0);
    expect((await member.api.get(`/api/v1/ads?campaignId=${b.campaignId}`)).body.total).toBe(0);
    expect((await member.api.get(`/api/v1/ads/${a.adId}`)).status).toBe(200);
    expect((await member.api.get(`/api/v1/ads/${b.adId}`)).status).toBe(404);
    expect((await member.api.patch(`/api/v1/ads/${b.adId}`, { link: 'https://x.example' })).status).toBe(404);
    expect((await member.api.delete(`/api/v1/ads/${b.adId}`)).status).toBe(404);
    expect(
      (await member.api.post('/api/v1/ads', { campaignId: sharedCampaignId, enterpriseIds: [a.id] })).status,
    ).toBe(404);
    expect((await member.api.patch(`/api/v1/ads/${a.adId}`, { link: 'https://x.example' })).status).toBe(403);
  });

  it('staff see every enterprise, campaign, ad and file', async () => {
    for (const staff of [admin, strategist]) {
      expect((await staff.api.get('/api/v1/enterprises')).body.total).toBe(2);
      expect((await staff.api.get('/api/v1/campaigns')).body.total).toBe(2);
      expect((await staff.api.get('/api/v1/ads')).body.total).toBe(2);
      expect((await staff.api.get(`/api/v1/enterprises/${b.id}`)).status).toBe(200);
      expect((await staff.api.get(`/api/v1/ads/${b.adId}`)).status).toBe(200);
      expect((await staff.api.get(`/api/v1/campaigns/${b.campaignId}`)).status).toBe(200);
      expect((await staff.api.get(a.logoUrl)).status).toBe(200);
    }
  });
});
