import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouter } from '../../server/routes.js';
import { form, png } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { secretsOfB, twoEnterprises } from './member-sweep.fixtures.js';

/**
 * Every /api/v1 endpoint, called by a member of enterprise A on enterprise B's data,
 * answers 404 and leaks nothing. The route count below makes a new endpoint fail this
 * test until it is added to the sweep.
 */
let app: TestApp;
let member: TestUser;
let admin: TestUser;
const b: Record<string, string> = {};
const secrets = secretsOfB;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  const made = await twoEnterprises(admin.api);
  Object.assign(b, made.b);
  const ownId = made.own;
  b.batch = (await admin.api.post(`/api/v1/campaigns/${b.campaign}/render`)).body.batchId;
  b.admin = admin.user.id;
  b.notification = await notificationOfAdmin(b.ad!, b.enterprise!);
  Object.assign(b, await reportsOfB(b.enterprise!));
  image = await png(8, 8, '#336699');
  member = await app.createUser('member', { enterpriseId: ownId });
  for (const [what, id] of Object.entries(b)) if (!id) throw new Error(`fixture ${what} was not created`);
});
afterAll(async () => {
  await app?.close();
});

/** A notification of B's staff: B's member approves B's ad, which tells the admin. */
async function notificationOfAdmin(ad: string, enterprise: string): Promise<string> {
  const memberOfB = await app.createUser('member', { enterpriseId: enterprise });
  await admin.api.post(`/api/v1/ads/${ad}/approval/request`);
  await memberOfB.api.post(`/api/v1/ads/${ad}/approval/decision`, { decision: 'approved' });
  const notes = (await admin.api.get('/api/v1/notifications')).body.data as { id: string; kind: string }[];
  return notes.find((n) => n.kind === 'approval_given')?.id ?? '';
}

/** The month before this one ("YYYY-MM", about: enough for a month that is over). */
const lastMonth = () => new Date(Date.now() - 32 * 86_400_000).toISOString().slice(0, 7);

/** B's monthly report (last month's, built by staff) and a time entry logged for B. */
async function reportsOfB(enterprise: string): Promise<Record<string, string>> {
  const last = lastMonth();
  const built = await admin.api.post('/api/v1/reports/build', { month: last });
  const ofB = (built.body.built as { id: string; scopeKey: string }[]).find((r) => r.scopeKey === enterprise);
  const entry = await admin.api.post('/api/v1/time-entries', {
    enterpriseId: enterprise,
    date: `${last}-15`,
    minutes: 30,
    activity: 'writing',
    note: 'Secret de B',
  });
  return { report: ofB?.id ?? '', timeEntry: entry.body.id };
}

/** A call on B's data: method, path and body are built lazily, once beforeAll made the ids. */
type Call = [method: string, path: () => string, body?: () => unknown];
let image: Buffer;

/** A multipart body with a real image, so that only the scope can refuse it. */
function upload(field: string): FormData {
  return form(field, image, `${field}.png`, 'image/png');
}

const newEnterprise = { name: 'Z', legalForm: 'worker_coop', territory: 'Sherbrooke', sector: 'food' };

const refused: Call[] = [
  ['GET', () => '/api/v1/users'],
  [
    'POST',
    () => '/api/v1/users',
    () => ({ email: 'x@example.test', name: 'X', password: 'long enough password', role: 'admin' }),
  ],
  ['GET', () => `/api/v1/users/${b.admin}`],
  ['PATCH', () => `/api/v1/users/${b.admin}`, () => ({ name: 'Pirate' })],
  ['DELETE', () => `/api/v1/users/${b.admin}`],
  ['GET', () => `/api/v1/users/${b.admin}/tokens`],
  ['DELETE', () => `/api/v1/users/${b.admin}/tokens/${b.admin}`],
  ['POST', () => '/api/v1/enterprises', () => newEnterprise],
  ['POST', () => '/api/v1/enterprises/import'],
  ['GET', () => `/api/v1/enterprises/${b.enterprise}`],
  ['PATCH', () => `/api/v1/enterprises/${b.enterprise}`, () => ({ description: 'Pris' })],
  ['DELETE', () => `/api/v1/enterprises/${b.enterprise}`],
  ['PUT', () => `/api/v1/enterprises/${b.enterprise}/logo`, () => upload('logo')],
  ['POST', () => `/api/v1/enterprises/${b.enterprise}/photo`, () => upload('photo')],
  [
    'POST',
    () => '/api/v1/campaigns',
    () => ({ name: 'Z', theme: 'Z', period: { start: '2026-12-01', end: '2026-12-02' } }),
  ],
  ['GET', () => `/api/v1/campaigns/${b.campaign}`],
  ['PATCH', () => `/api/v1/campaigns/${b.campaign}`, () => ({ name: 'Prise' })],
  ['DELETE', () => `/api/v1/campaigns/${b.campaign}`],
  ['GET', () => '/api/v1/channels'],
  ['GET', () => '/api/v1/channels/oauth/facebook/start'],
  ['GET', () => '/api/v1/channels/oauth/facebook/callback?code=x&state=y'],
  ['GET', () => `/api/v1/channels/${b.channel}`],
  ['POST', () => '/api/v1/channels/sandbox', () => ({ platform: 'facebook', name: 'Z' })],
  ['POST', () => `/api/v1/channels/${b.channel}/disable`],
  ['DELETE', () => `/api/v1/channels/${b.channel}`],
  [
    'POST',
    () => '/api/v1/ads',
    () => ({ campaignId: b.campaign, enterpriseIds: [b.enterprise], templateId: 'chiffre-impact' }),
  ],
  ['GET', () => `/api/v1/ads/${b.ad}`],
  ['PATCH', () => `/api/v1/ads/${b.ad}`, () => ({ caption: { default: 'Pris' } })],
  ['DELETE', () => `/api/v1/ads/${b.ad}`],
  ['GET', () => `/api/v1/media/${b.logo}`],
  [
    'POST',
    () => '/api/v1/previews',
    () => ({ templateId: 'chiffre-impact', format: 'facebook', enterpriseId: b.enterprise }),
  ],
  ['POST', () => `/api/v1/ads/${b.ad}/render`],
  ['POST', () => `/api/v1/campaigns/${b.campaign}/render`],
  ['GET', () => `/api/v1/render-batches/${b.batch}`],
  [
    'POST',
    () => '/api/v1/publications',
    () => ({ adId: b.ad, channelIds: [b.channel], at: new Date(Date.now() + 7_200_000).toISOString() }),
  ],
  ['GET', () => `/api/v1/publications/${b.publication}`],
  [
    'PATCH',
    () => `/api/v1/publications/${b.publication}`,
    () => ({ at: new Date(Date.now() + 9e6).toISOString() }),
  ],
  ['POST', () => `/api/v1/publications/${b.publication}/cancel`],
  ['POST', () => `/api/v1/publications/${b.publication}/retry`],
  ['POST', () => `/api/v1/publications/${b.publication}/mark-posted`, () => ({})],
  ['GET', () => `/api/v1/ads/${b.ad}/approval`],
  ['POST', () => `/api/v1/ads/${b.ad}/approval/request`],
  ['POST', () => `/api/v1/ads/${b.ad}/approval/decision`, () => ({ decision: 'approved' })],
  ['POST', () => `/api/v1/notifications/${b.notification}/read`],
  ['GET', () => '/api/v1/notifications/outbox'],
  ['POST', () => '/api/v1/plans/preview', () => planOfB()],
  ['POST', () => '/api/v1/plans', () => planOfB()],
  [
    'POST',
    () => '/api/v1/time-entries',
    () => ({ enterpriseId: b.enterprise, date: '2026-10-01', minutes: 30, activity: 'writing' }),
  ],
  ['GET', () => `/api/v1/time-entries/${b.timeEntry}`],
  ['PATCH', () => `/api/v1/time-entries/${b.timeEntry}`, () => ({ minutes: 60 })],
  ['DELETE', () => `/api/v1/time-entries/${b.timeEntry}`],
  ['POST', () => '/api/v1/reports/build', () => ({ month: '2026-10', rebuild: true })],
  ['GET', () => `/api/v1/reports/${b.report}`],
  ['GET', () => `/api/v1/reports/${b.report}/pdf`],
  ['GET', () => `/api/v1/reports/${b.report}/csv`],
  ['POST', () => `/api/v1/reports/${b.report}/share`, () => ({})],
  ['GET', () => '/api/v1/settings'],
  ['PUT', () => '/api/v1/settings', () => ({ strategistHourlyRate: 1 })],
  ['GET', () => `/api/v1/exposure?enterpriseId=${b.enterprise}`],
];

/** A plan of B's campaign on B's channel, valid for staff: only the scope can refuse it. */
const planOfB = () => ({
  campaignId: b.campaign,
  channelIds: [b.channel],
  weekdays: [1, 2, 3, 4, 5],
  times: ['10:00'],
});

/** Hub-local days around B's publication (two hours from when the fixtures ran). */
const calendarDays = {
  from: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
  to: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
};

/** Lists show only the member's own data; templates are not enterprise data. */
const allowed: Call[] = [
  ['GET', () => '/api/v1/enterprises'],
  ['GET', () => '/api/v1/campaigns'],
  ['GET', () => '/api/v1/ads'],
  ['GET', () => `/api/v1/publications?channelId=${b.channel}`],
  ['GET', () => `/api/v1/calendar?from=${calendarDays.from}&to=${calendarDays.to}`],
  ['GET', () => '/api/v1/templates'],
  ['GET', () => `/api/v1/exposure.csv?from=${calendarDays.from}&to=${calendarDays.to}`],
  ['GET', () => '/api/v1/reports'],
  ['GET', () => '/api/v1/time-entries'],
  ['GET', () => `/api/v1/time-entries/totals?month=${lastMonth()}`],
  ['GET', () => '/api/v1/templates/chiffre-impact'],
  ['GET', () => '/api/v1/notifications'],
  ['POST', () => '/api/v1/notifications/read-all'],
  ['GET', () => '/api/v1/notifications/preferences'],
  ['PUT', () => '/api/v1/notifications/preferences', () => ({ email: { approval_asked: true } })],
];

/** Test names show each route with ":id" (the ids exist only once beforeAll has run). */
function named(calls: Call[]) {
  return calls.map((call) => {
    const source = call[1].toString();
    const path = /[`'"](\/api[^`'"]*)[`'"]/.exec(source)?.[1]?.replace(/\$\{b\.(\w+)\}/g, ':$1') ?? source;
    return [`${call[0]} ${path}`, call] as const;
  });
}

const ownAccountRoutes = 6; // /auth: sign-in, sign-out, me, and the user's own API tokens

function leafRoutes(stack: unknown[]): number {
  return (stack as { route?: { methods: object }; handle?: { stack?: unknown[] } }[]).reduce(
    (n, layer) =>
      n +
      (layer.route
        ? Object.keys(layer.route.methods).length
        : layer.handle?.stack
          ? leafRoutes(layer.handle.stack)
          : 0),
    0,
  );
}

describe('a member of enterprise A', () => {
  it('is covered by this sweep on every API endpoint', () => {
    const routes = leafRoutes((apiRouter() as unknown as { stack: unknown[] }).stack);
    expect(refused.length + allowed.length + ownAccountRoutes).toBe(routes);
  });

  it.each(named(refused))('gets 404 from %s on B', async (_name, [method, path, body]) => {
    const payload = body?.();
    const res = await member.api.request(
      method,
      path(),
      payload instanceof FormData ? { raw: payload } : payload ? { body: payload } : {},
    );
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(secrets);
  });

  it.each(allowed.map((call) => [call[1](), call] as const))(
    'sees nothing of B in %s',
    async (_name, [method, path, body]) => {
      const payload = body?.();
      const res = await member.api.request(method, path(), payload ? { body: payload } : {});
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(secrets);
    },
  );

  it('leaves B untouched after all these attempts', async () => {
    expect((await admin.api.get(`/api/v1/time-entries/${b.timeEntry}`)).body.minutes).toBe(30);
    expect((await admin.api.get(`/api/v1/reports/${b.report}`)).body.version).toBe(1);
    const notes = (await admin.api.get('/api/v1/notifications')).body;
    expect(notes.data.find((n: { id: string }) => n.id === b.notification)?.read).toBe(false);
    expect((await admin.api.get(`/api/v1/ads/${b.ad}/approval`)).body.thread).toHaveLength(2);
    expect((await admin.api.get(`/api/v1/enterprises/${b.enterprise}`)).body).toMatchObject({
      name: 'Coop B secrète',
    });
    expect((await admin.api.get(`/api/v1/campaigns/${b.campaign}`)).body).toMatchObject({
      name: 'Campagne de B',
    });
    expect((await admin.api.get(`/api/v1/ads/${b.ad}`)).body.caption.default).toBe('Secret de B');
    expect((await admin.api.get(`/api/v1/channels/${b.channel}`)).body.status).toBe('connected');
    expect((await admin.api.get(`/api/v1/publications/${b.publication}`)).body).toMatchObject({
      status: 'scheduled',
      fence: 0,
    });
  });
});
