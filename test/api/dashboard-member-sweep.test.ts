import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';
import type { HttpClient } from '../setup/http.js';
import { secretsOfB, twoEnterprises } from './member-sweep.fixtures.js';

/** The dashboard pages, like the API, answer a member of A with 404 on B's data and leak nothing. */
let app: TestApp;
let member: { client: HttpClient; csrf: string };
const b: Record<string, string> = {};
const secrets = secretsOfB;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser('admin');
  const { own, b: made } = await twoEnterprises(admin.api);
  Object.assign(b, made);
  const month = new Date(Date.now() - 32 * 86_400_000).toISOString().slice(0, 7);
  const built = (await admin.api.post('/api/v1/reports/build', { month })).body.built as {
    id: string;
    scopeKey: string;
  }[];
  b.report = built.find((r) => r.scopeKey === made.enterprise)?.id ?? '';
  b.hubReport = built.find((r) => r.scopeKey === 'hub')?.id ?? '';
  b.timeEntry = (
    await admin.api.post('/api/v1/time-entries', {
      enterpriseId: made.enterprise,
      date: `${month}-15`,
      minutes: 30,
      activity: 'writing',
      note: 'Secret de B',
    })
  ).body.id;
  await app.createUser('member', { enterpriseId: own, email: 'pages-member@example.test' });
  member = await signInToDashboard(app, 'pages-member@example.test');
});
afterAll(async () => {
  await app?.close();
});

const pages = [
  '/enterprises/:enterprise',
  '/enterprises/:enterprise/edit',
  '/enterprises/new',
  '/enterprises/import',
  '/campaigns/:campaign',
  '/campaigns/:campaign/edit',
  '/campaigns/new',
  '/ads/:ad',
  '/ads/:ad/edit',
  '/channels',
  '/outbox',
  '/calendar/publications/:publication',
  '/campaigns/:campaign/plan',
  '/reports/:report',
  '/reports/:hubReport',
  '/settings',
  '/exposure?enterpriseId=:enterprise',
  '/exposure?campaignId=:campaign',
  '/exposure?channelId=:channel',
];
const posts = [
  '/enterprises/:enterprise',
  '/enterprises/:enterprise/delete',
  '/campaigns',
  '/campaigns/:campaign',
  '/campaigns/:campaign/render',
  '/ads/:ad/edit',
  '/ads/:ad/render',
  '/channels/sandbox',
  '/channels/:channel/disable',
  '/ads/:ad/approval/request',
  '/ads/:ad/approval/decision',
  '/calendar/publications/:publication/reschedule',
  '/calendar/publications/:publication/cancel',
  '/calendar/publications/:publication/retry',
  '/calendar/publications/:publication/mark-posted',
  '/campaigns/:campaign/plan/preview',
  '/campaigns/:campaign/plan',
  '/ads/:ad/schedule',
  '/ads/bulk',
  '/ads/caption-count',
  '/reports/build',
  '/reports/:report/share',
  '/time',
  '/time/:timeEntry/delete',
  '/settings',
];
const withIds = (path: string) => path.replace(/:(\w+)/g, (_m, key: string) => b[key]!);

describe('a member of A in the dashboard', () => {
  it.each(pages)('gets the 404 page for GET %s', async (path) => {
    const res = await member.client.get(withIds(path), { headers: browser });
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(secrets);
  });

  it.each(posts)('gets the 404 page for POST %s', async (path) => {
    const res = await member.client.request(
      'POST',
      withIds(path),
      form({ _csrf: member.csrf, name: 'Pris', description: 'Pris' }),
    );
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(secrets);
  });

  it('sees none of B in the lists', async () => {
    for (const path of [
      '/',
      '/enterprises',
      '/campaigns',
      '/ads',
      '/calendar',
      '/exposure',
      '/reports',
      '/time',
    ]) {
      const res = await member.client.get(path, { headers: browser });
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(secrets);
    }
  });
});
