import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQueue, queueNames } from '../../server/lib/queues.js';
import { createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';
import type { HttpClient } from '../setup/http.js';

let app: TestApp;
let admin: { client: HttpClient; csrf: string };
let adminUser: TestUser;
beforeAll(async () => {
  app = await startTestApp();
  adminUser = await app.createUser('admin');
  admin = await signInToDashboard(app, adminUser.user.email);
});
afterAll(async () => {
  await app?.close();
});

const board = '/admin/queues';
const json = { accept: 'application/json' };
/** Headers of the board's own scripts calling its API from this app's origin. */
const sameOrigin = () => ({ ...json, origin: app.baseUrl });

/** Every URL the page's <script src> and <link href> load. */
const assetsOf = (page: string) =>
  [...page.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');

describe('Bull Board at /admin/queues', () => {
  it('shows the board to an admin, in the admin language, and its API lists the five queues', async () => {
    const page = await admin.client.get(board, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.text).toContain('"lng":"fr-FR"');

    const api = await admin.client.get(`${board}/api/queues`, { headers: json });
    expect(api.status).toBe(200);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual([...queueNames].sort());
  });

  it('loads its scripts, styles and translations from this server, with no external URL', async () => {
    const page = await admin.client.get(board, { headers: browser });
    const assets = assetsOf(page.text);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    expect(page.text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    for (const asset of assets) {
      const res = await admin.client.get(new URL(asset, `${app.baseUrl}${board}/`).pathname);
      expect(res.status, asset).toBe(200);
      expect(res.bytes.length, asset).toBeGreaterThan(0);
    }
    const scripts = assets.filter((a) => a.endsWith('.js'));
    const styles = assets.filter((a) => a.endsWith('.css'));
    expect(scripts.length).toBeGreaterThan(0);
    expect(styles.length).toBeGreaterThan(0);
    const translations = await admin.client.get(`${board}/static/locales/fr-FR/messages.json`);
    expect(translations.status).toBe(200);
  });

  it('refuses everyone but admins: a strategist gets 403, a member 404, the signed-out 401 or the sign-in page', async () => {
    const strategist = await app.createUser('strategist');
    expect((await strategist.api.get(board, { headers: browser })).status).toBe(403);
    expect((await strategist.api.get(`${board}/api/queues`)).status).toBe(403);

    const enterprise = await createEnterprise(adminUser.api);
    const member = await app.createUser('member', { enterpriseId: enterprise.id });
    expect((await member.api.get(board, { headers: browser })).status).toBe(404);
    expect((await member.api.get(`${board}/api/queues`)).status).toBe(404);

    const page = await app.anonymous().get(`${board}/queue/publish`, { headers: browser });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fadmin%2Fqueues%2Fqueue%2Fpublish');
    const api = await app.anonymous().get(`${board}/api/queues`);
    expect(api.status).toBe(401);
    expect(api.body.error.code).toBe('unauthorized');
    const action = await app.anonymous().put(`${board}/api/queues/pause`, {}, { headers: sameOrigin() });
    expect(action.status).toBe(401);
  });

  it("lets an admin act from the board's own page, and refuses a cross-site request without the CSRF token", async () => {
    const reports = getQueue('reports');
    const crossSite = await admin.client.post(
      `${board}/api/queues/reports/add`,
      { name: 'reports', data: { month: '2026-10' }, options: {} },
      { headers: { ...json, origin: 'https://attacker.example' } },
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('forbidden');
    const noOrigin = await admin.client.put(`${board}/api/queues/reports/pause`, {}, { headers: json });
    expect(noOrigin.status).toBe(403);
    expect(await reports.getJobCounts()).toMatchObject({ waiting: 0 });
    expect(await reports.isPaused()).toBe(false);

    const added = await admin.client.post(
      `${board}/api/queues/reports/add`,
      { name: 'reports', data: { month: '2026-10' }, options: {} },
      { headers: sameOrigin() },
    );
    expect(added.status).toBe(200);
    expect(await reports.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const paused = await admin.client.put(`${board}/api/queues/reports/pause`, {}, { headers: sameOrigin() });
    expect(paused.status).toBe(200);
    expect(await reports.isPaused()).toBe(true);

    // Without the Origin header, the session's CSRF token still works, as on every other page.
    const withToken = await admin.client.put(
      `${board}/api/queues/reports/resume`,
      {},
      { headers: { ...json, 'x-csrf-token': admin.csrf } },
    );
    expect(withToken.status).toBe(200);
    expect(await reports.isPaused()).toBe(false);
  });
});
