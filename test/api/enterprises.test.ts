import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, enterpriseBody } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let admin: TestUser;
let strategist: TestUser;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  strategist = await app.createUser('strategist');
});
afterAll(async () => {
  await app?.close();
});

describe('enterprises', () => {
  it('creates an enterprise with a slug generated from its name without accents', async () => {
    const res = await strategist.api.post('/api/v1/enterprises', {
      name: "Coopérative L'Éveil des Cantons",
      legalForm: 'solidarity_coop',
      territory: 'Memphrémagog',
      sector: 'food',
      website: 'https://eveil.example',
      brandColor: '#aa3300',
      impacts: [{ kind: 'social', label: 'emplois créés', value: '42' }],
      cohorts: ['2025'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slug: 'cooperative-l-eveil-des-cantons',
      brandColor: '#AA3300',
      active: true,
      logoUrl: null,
      impacts: [{ kind: 'social', label: 'emplois créés', value: '42' }],
    });
    const again = await strategist.api.post(
      '/api/v1/enterprises',
      enterpriseBody({ name: "Coopérative l'Éveil des Cantons" }),
    );
    expect(again.status).toBe(201);
    expect(again.body.slug).toBe('cooperative-l-eveil-des-cantons-2');
    expect((await admin.api.get(`/api/v1/enterprises/${res.body.id}`)).body.name).toBe(
      "Coopérative L'Éveil des Cantons",
    );
  });

  it('lists with filters, accent-insensitive search, sort and pagination', async () => {
    await createEnterprise(admin.api, {
      name: 'Zèbre Récup',
      territory: 'Le Granit',
      sector: 'environment',
      cohorts: ['C-2026'],
    });
    await createEnterprise(admin.api, {
      name: 'Atelier Granit',
      territory: 'Le Granit',
      legalForm: 'nonprofit',
      active: false,
    });
    const granit = await admin.api.get('/api/v1/enterprises?territory=Le%20Granit&sort=name');
    expect(granit.status).toBe(200);
    expect(granit.body.data.map((e: { name: string }) => e.name)).toEqual(['Atelier Granit', 'Zèbre Récup']);
    expect(
      (await admin.api.get('/api/v1/enterprises?q=recup')).body.data.map((e: { name: string }) => e.name),
    ).toEqual(['Zèbre Récup']);
    expect((await admin.api.get('/api/v1/enterprises?q=.*')).body.total).toBe(0);
    expect((await admin.api.get('/api/v1/enterprises?cohort=C-2026')).body.total).toBe(1);
    expect((await admin.api.get('/api/v1/enterprises?legalForm=nonprofit&active=false')).body.total).toBe(1);
    expect((await admin.api.get('/api/v1/enterprises?sector=environment')).body.total).toBe(1);
    const page = await admin.api.get('/api/v1/enterprises?limit=2&page=2&sort=-createdAt');
    expect(page.body).toMatchObject({ page: 2, limit: 2 });
    expect(page.body.data).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(4);
  });

  it('updates fields, changes the slug and clears the website', async () => {
    const e = await createEnterprise(admin.api, { website: 'https://a.example' });
    const res = await strategist.api.patch(`/api/v1/enterprises/${e.id}`, {
      slug: 'nouveau-nom',
      website: null,
      description: 'Une coop.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ slug: 'nouveau-nom', website: null, description: 'Une coop.' });
  });

  it('lets only an admin delete an enterprise', async () => {
    const e = await createEnterprise(admin.api);
    expect((await strategist.api.delete(`/api/v1/enterprises/${e.id}`)).status).toBe(403);
    expect((await admin.api.delete(`/api/v1/enterprises/${e.id}`)).status).toBe(204);
    expect((await admin.api.get(`/api/v1/enterprises/${e.id}`)).status).toBe(404);
  });

  it('keeps an enterprise featured in an ad (409) and suggests deactivating it', async () => {
    const e = await createEnterprise(admin.api);
    const c = await admin.api.post('/api/v1/campaigns', {
      name: 'C',
      period: { start: '2026-01-01', end: '2026-02-01' },
      enterpriseIds: [e.id],
    });
    await admin.api.post('/api/v1/ads', { campaignId: c.body.id, enterpriseIds: [e.id] });
    const res = await admin.api.delete(`/api/v1/enterprises/${e.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/active/);
  });
});
