import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createEnterprise, enterpriseBody } from '../fixtures/domain.js';
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

const fields = (res: { body: { error: { details?: { field: string }[] } } }) =>
  (res.body.error.details ?? []).map((d) => d.field);

describe('bad input answers 4xx in the one error format, naming the field', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const res = await admin.api.request('POST', '/api/v1/enterprises', {
      raw: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('unknown fields → 400 naming them', async () => {
    const res = await admin.api.post('/api/v1/enterprises', enterpriseBody({ owner: 'me', logoFileId: 'x' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'owner, logoFileId', message: 'unknown field' }]);
    const campaign = await admin.api.post('/api/v1/campaigns', {
      name: 'X',
      period: { start: '2026-01-01', end: '2026-01-02', extra: 1 },
    });
    expect(fields(campaign)).toEqual(['period.extra']);
  });

  it('wrong types and values → 400 naming each field', async () => {
    const res = await admin.api.post('/api/v1/enterprises', {
      name: 42,
      legalForm: 'sarl',
      territory: 'Montréal',
      sector: 'food',
      website: 'javascript:alert(1)',
      brandColor: 'red',
      impacts: [{ kind: 'happy', label: '' }],
      active: 'yes',
    });
    expect(res.status).toBe(400);
    expect(fields(res).sort()).toEqual([
      'active',
      'brandColor',
      'impacts.0.kind',
      'impacts.0.label',
      'legalForm',
      'name',
      'territory',
      'website',
    ]);
  });

  it('a campaign ending before it starts → 400 on period.end', async () => {
    const res = await admin.api.post('/api/v1/campaigns', {
      name: 'X',
      period: { start: '2026-03-01', end: '2026-02-01' },
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['period.end']);
  });

  it('invalid ids in the path, the body or the query → 400', async () => {
    for (const path of [
      '/api/v1/enterprises/nope',
      '/api/v1/campaigns/123',
      '/api/v1/ads/zzzzzzzzzzzzzzzzzzzzzzzz',
      '/api/v1/media/x',
    ]) {
      const res = await admin.api.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const ad = await admin.api.post('/api/v1/ads', { campaignId: 'abc', enterpriseIds: ['def'] });
    expect(fields(ad)).toEqual(['campaignId', 'enterpriseIds.0']);
    expect(fields(await admin.api.get('/api/v1/ads?campaignId=abc'))).toEqual(['campaignId']);
  });

  it('ids that do not exist → 400 naming them; unknown records → 404', async () => {
    const ghost = '0123456789abcdef01234567';
    const campaign = await admin.api.post('/api/v1/campaigns', {
      name: 'X',
      period: { start: '2026-01-01', end: '2026-01-02' },
      enterpriseIds: [ghost],
    });
    expect(campaign.status).toBe(400);
    expect(fields(campaign)).toEqual(['enterpriseIds.0']);
    const e = await createEnterprise(admin.api);
    const ad = await admin.api.post('/api/v1/ads', { campaignId: ghost, enterpriseIds: [e.id] });
    expect(fields(ad)).toEqual(['campaignId']);
    expect((await admin.api.get(`/api/v1/enterprises/${ghost}`)).status).toBe(404);
    expect((await admin.api.patch(`/api/v1/campaigns/${ghost}`, { name: 'x' })).status).toBe(404);
    expect((await admin.api.delete(`/api/v1/ads/${ghost}`)).status).toBe(404);
  });

  it('duplicate slugs → 409 on slug, on create and on update', async () => {
    const first = await createEnterprise(admin.api, { slug: 'unique-coop' });
    const dup = await admin.api.post('/api/v1/enterprises', enterpriseBody({ slug: 'unique-coop' }));
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({
      code: 'conflict',
      details: [{ field: 'slug', message: 'is already used' }],
    });
    const other = await createEnterprise(admin.api);
    expect((await admin.api.patch(`/api/v1/enterprises/${other.id}`, { slug: first.slug })).status).toBe(409);
    const c = await createCampaign(admin.api, { slug: 'printemps' });
    expect(
      (
        await admin.api.post('/api/v1/campaigns', {
          name: 'Z',
          slug: c.slug,
          period: { start: '2026-01-01', end: '2026-01-02' },
        })
      ).status,
    ).toBe(409);
  });

  it('bad query parameters → 400 naming them', async () => {
    expect(fields(await admin.api.get('/api/v1/enterprises?limit=1000'))).toEqual(['limit']);
    expect(fields(await admin.api.get('/api/v1/enterprises?sort=password'))).toEqual(['sort']);
    expect(fields(await admin.api.get('/api/v1/enterprises?active=maybe'))).toEqual(['active']);
    expect(fields(await admin.api.get('/api/v1/campaigns?status=running'))).toEqual(['status']);
    expect(fields(await admin.api.get('/api/v1/ads?colour=blue'))).toEqual(['colour']);
  });
});
