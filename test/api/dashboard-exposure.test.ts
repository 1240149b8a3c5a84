import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';
import type { HttpClient } from '../setup/http.js';
import { counts, type ExposureWorld, exposureWorld, publish } from './exposure.fixtures.js';

/** The exposure page, rendered on the server in French and English, scoped like the API. */
let app: TestApp;
let w: ExposureWorld;
let staff: HttpClient;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser('admin', { email: 'exposure-admin@example.test' });
  w = await exposureWorld(admin.api);
  const common = { campaign: w.campaign, channel: w.facebook, platform: 'facebook' as const };
  await publish({
    ...common,
    ad: w.ads.solo,
    enterpriseIds: [w.a],
    publishedAt: '2026-10-31T23:30:00-04:00',
    metrics: counts(12345, [100, 200, 20, 10]),
  });
  await publish({
    ...common,
    ad: w.ads.duo,
    enterpriseIds: [w.b, w.a],
    publishedAt: '2026-10-10T10:00:00-04:00',
    metrics: counts(2000, [10, 10, 0, 0]),
  });
  await publish({
    ...common,
    ad: w.ads.solo,
    enterpriseIds: [w.a],
    publishedAt: '2026-09-10T10:00:00-04:00',
    metrics: counts(1000, [5, 5, 0, 0]),
  });
  await app.createUser('member', { enterpriseId: w.b, email: 'exposure-member@example.test' });
  await app.createUser('strategist', { email: 'exposure-en@example.test', locale: 'en' });
  staff = (await signInToDashboard(app, 'exposure-admin@example.test')).client;
});
afterAll(async () => {
  await app?.close();
});

const page = (client: HttpClient, query: string) => client.get(`/exposure?${query}`, { headers: browser });

describe('the exposure page', () => {
  it('is in everyone’s menu', async () => {
    const member = (await signInToDashboard(app, 'exposure-member@example.test')).client;
    for (const client of [staff, member])
      expect((await client.get('/', { headers: browser })).text).toContain('href="/exposure"');
  });

  it('shows a month’s totals with their change, the charts inline, breakdowns, top posts and definitions', async () => {
    const res = await page(staff, 'month=2026-10');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-figure="views">14\u00a0345<');
    expect(res.text).toMatch(/\+1\s334,5\s%/);
    expect(res.text).toContain('<svg');
    expect(res.text).not.toMatch(/<script[^>]*echarts/);
    expect(res.text).toContain('Par territoire (MRC)');
    expect(res.text).toContain('Memphrémagog');
    expect(res.text).toContain('Meilleures publications');
    expect(res.text).toContain('src="data:image/webp;base64,UklGRg=="');
    expect(res.text).toContain('href="https://example.test/posts/');
    expect(res.text).toContain('vues = post_media_view');
    expect(res.text).toContain(`href="/api/v1/exposure.csv?from=2026-10-01&amp;to=2026-10-31"`);
  });

  it('reads in English for an English reader', async () => {
    const client = (await signInToDashboard(app, 'exposure-en@example.test')).client;
    const res = await page(client, 'period=custom&from=2026-10-01&to=2026-10-31');
    expect(res.text).toContain('data-figure="views">14,345<');
    expect(res.text).toContain('Top posts');
    expect(res.text).toContain('views = post_media_view');
    expect(res.text).toContain('Compared with');
  });

  it('defaults to last month and says why a period is empty', async () => {
    const res = await page(staff, '');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/data-empty="(no-publications|future-period)"|data-figure="views"/);
    const future = await page(staff, 'month=2099-01');
    expect(future.text).toContain('data-empty="future-period"');
    expect(future.text).toContain('n’a pas encore commencé');
    const gamma = await page(staff, `month=2026-10&enterpriseId=${w.c}`);
    expect(gamma.text).toContain('data-empty="no-channel"');
  });

  it('shows a member only its own enterprise, and the 404 page for another', async () => {
    const member = (await signInToDashboard(app, 'exposure-member@example.test')).client;
    const own = await page(member, 'month=2026-10');
    expect(own.status).toBe(200);
    expect(own.text).toContain('Chiffres de Coop Bêta');
    expect(own.text).toContain('data-figure="views">2\u00a0000<');
    expect(own.text).not.toContain('Alpha seule');
    expect(own.text).not.toContain('name="enterpriseId"');
    const other = await page(member, `month=2026-10&enterpriseId=${w.a}`);
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('12\u00a0345');
  });

  it('names a bad field in French and shows no figures', async () => {
    const res = await page(staff, 'period=custom&from=2026-10-31&to=2026-10-01');
    expect(res.status).toBe(400);
    expect(res.text).toContain('ne doit pas être avant la date de début');
    expect(res.text).not.toContain('data-figure=');
    const month = await page(staff, 'month=2026-13');
    expect(month.status).toBe(400);
    expect(month.text).toContain('doit être un mois AAAA-MM');
  });
});
