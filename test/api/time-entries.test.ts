import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';

/** The strategist's time log per member, its monthly totals and costs, and the hourly rate setting. */
let app: TestApp;
let admin: TestUser;
let strategist: TestUser;
let memberA: TestUser;
let a: string;
let b: string;
let campaign: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  strategist = await app.createUser('strategist', { email: 'time-strategist@example.test' });
  a = (await createEnterprise(admin.api, { name: 'Coop du temps A' })).id;
  b = (await createEnterprise(admin.api, { name: 'Coop du temps B' })).id;
  campaign = (await createCampaign(admin.api, { name: 'Campagne du temps', enterpriseIds: [a] })).id;
  memberA = await app.createUser('member', { enterpriseId: a, email: 'time-member-a@example.test' });
});
afterAll(async () => {
  await app?.close();
});

const entry = (overrides: Record<string, unknown> = {}) => ({
  enterpriseId: a,
  date: '2026-10-31',
  minutes: 45,
  activity: 'writing',
  note: 'Textes de la campagne',
  ...overrides,
});

describe('logging time', () => {
  it('stores an entry on the hub-local day, in that day’s month, with its campaign', async () => {
    const res = await strategist.api.post('/api/v1/time-entries', entry({ campaignId: campaign }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      date: '2026-10-31',
      month: '2026-10',
      minutes: 45,
      campaignId: campaign,
    });
    expect(res.body.userId).toBe(strategist.user.id);
  });

  it.each([
    [0, 'must be at least 1 minute'],
    [10_000, 'must be at most 1,440 minutes (one day)'],
    [12.5, 'must be a whole number of minutes'],
    ['beaucoup', 'must be a number of minutes'],
  ])('refuses %s minutes, naming minutes', async (minutes, message) => {
    const res = await strategist.api.post('/api/v1/time-entries', entry({ minutes }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ field: 'minutes', message }]);
  });

  it('names each other bad field', async () => {
    const res = await strategist.api.post('/api/v1/time-entries', {
      enterpriseId: 'nope',
      date: '2026-02-30',
      minutes: 30,
      activity: 'napping',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'activity',
      'date',
      'enterpriseId',
    ]);
    const unknown = await strategist.api.post(
      '/api/v1/time-entries',
      entry({ enterpriseId: '0123456789abcdef01234567' }),
    );
    expect(unknown.body.error.details).toEqual([{ field: 'enterpriseId', message: 'does not exist' }]);
    const noCampaign = await strategist.api.post(
      '/api/v1/time-entries',
      entry({ campaignId: '0123456789abcdef01234567' }),
    );
    expect(noCampaign.body.error.details).toEqual([{ field: 'campaignId', message: 'does not exist' }]);
  });

  it('changes and deletes an entry', async () => {
    const made = (await strategist.api.post('/api/v1/time-entries', entry({ date: '2026-09-15' }))).body;
    const changed = await strategist.api.patch(`/api/v1/time-entries/${made.id}`, {
      minutes: 60,
      date: '2026-09-01',
    });
    expect(changed.body).toMatchObject({ minutes: 60, date: '2026-09-01', month: '2026-09' });
    expect((await strategist.api.patch(`/api/v1/time-entries/${made.id}`, { minutes: 0 })).status).toBe(400);
    expect((await strategist.api.delete(`/api/v1/time-entries/${made.id}`)).status).toBe(204);
    expect((await strategist.api.get(`/api/v1/time-entries/${made.id}`)).status).toBe(404);
  });
});

describe('monthly totals and cost', () => {
  beforeAll(async () => {
    await strategist.api.post(
      '/api/v1/time-entries',
      entry({ enterpriseId: b, date: '2026-10-01', minutes: 135, activity: 'meeting' }),
    );
  });

  it('prices each member’s minutes at the hourly rate set by an admin', async () => {
    expect((await strategist.api.put('/api/v1/settings', { strategistHourlyRate: 80 })).status).toBe(404);
    const bad = await admin.api.put('/api/v1/settings', { strategistHourlyRate: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('strategistHourlyRate');
    expect((await admin.api.put('/api/v1/settings', { strategistHourlyRate: 72.5 })).body).toMatchObject({
      strategistHourlyRate: 72.5,
      currency: 'CAD',
    });
    const totals = (await strategist.api.get('/api/v1/time-entries/totals?month=2026-10')).body;
    expect(totals).toMatchObject({ month: '2026-10', hourlyRate: 72.5, totalMinutes: 180, totalCost: 217.5 });
    expect(totals.members).toEqual([
      { enterpriseId: b, enterpriseName: 'Coop du temps B', minutes: 135, cost: 163.13, share: 0.75 },
      { enterpriseId: a, enterpriseName: 'Coop du temps A', minutes: 45, cost: 54.38, share: 0.25 },
    ]);
    expect(
      (await strategist.api.get('/api/v1/time-entries/totals?month=2026-13')).body.error.details[0].field,
    ).toBe('month');
  });

  it('lets a member read its own enterprise’s entries and line only', async () => {
    const list = await memberA.api.get(`/api/v1/time-entries?month=2026-10&enterpriseId=${b}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([]);
    const own = await memberA.api.get('/api/v1/time-entries?month=2026-10');
    expect(own.body.data.map((e: { enterpriseId: string }) => e.enterpriseId)).toEqual([a]);
    const totals = (await memberA.api.get('/api/v1/time-entries/totals?month=2026-10')).body;
    expect(totals.members.map((m: { enterpriseId: string }) => m.enterpriseId)).toEqual([a]);
    expect((await memberA.api.post('/api/v1/time-entries', entry())).status).toBe(404);
  });

  it('gives a member its share of the whole month, not of its own minutes', async () => {
    const totals = (await memberA.api.get('/api/v1/time-entries/totals?month=2026-10')).body;
    expect(totals).toMatchObject({ totalMinutes: 180, totalCost: 217.5 });
    expect(totals.members).toEqual([
      { enterpriseId: a, enterpriseName: 'Coop du temps A', minutes: 45, cost: 54.38, share: 0.25 },
    ]);
    const { client } = await signInToDashboard(app, 'time-member-a@example.test');
    const page = await client.get('/time?month=2026-10', { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/25\s%/);
    expect(page.text).not.toMatch(/100\s%/);
    expect(page.text).not.toContain('Coop du temps B');
  });
});

describe('a day after today', () => {
  const tomorrow = () => DateTime.now().setZone('America/Toronto').plus({ days: 1 }).toISODate() ?? '';

  it('refuses it on create and change, naming date; today is accepted', async () => {
    const res = await strategist.api.post('/api/v1/time-entries', entry({ date: tomorrow() }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'date', message: 'must not be after today' }]);
    const far = await strategist.api.post('/api/v1/time-entries', entry({ date: '2027-03-05' }));
    expect(far.status).toBe(400);
    const today = DateTime.now().setZone('America/Toronto').toISODate();
    const made = await strategist.api.post('/api/v1/time-entries', entry({ date: today }));
    expect(made.status).toBe(201);
    const moved = await strategist.api.patch(`/api/v1/time-entries/${made.body.id}`, { date: tomorrow() });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details[0].field).toBe('date');
    expect((await strategist.api.delete(`/api/v1/time-entries/${made.body.id}`)).status).toBe(204);
  });

  it('shows the refusal in French beside the date field', async () => {
    const { client, csrf } = await signInToDashboard(app, 'time-strategist@example.test');
    const res = await client.request(
      'POST',
      '/time',
      form({
        _csrf: csrf,
        enterpriseId: a,
        date: '2027-03-05',
        minutes: '30',
        activity: 'design',
        note: '',
        campaignId: '',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('ne doit pas être après aujourd’hui');
    expect(res.text).not.toContain('Temps consigné');
  });
});

describe('the /time page', () => {
  it('logs time from the form and shows a bad minutes count in French beside its field', async () => {
    const { client, csrf } = await signInToDashboard(app, 'time-strategist@example.test');
    const fields = {
      _csrf: csrf,
      enterpriseId: a,
      date: '2026-10-20',
      activity: 'design',
      note: '',
      campaignId: '',
    };
    const bad = await client.request('POST', '/time', form({ ...fields, minutes: '0' }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('doit être d’au moins 1 minute');
    const ok = await client.request('POST', '/time', form({ ...fields, minutes: '30' }));
    expect(ok.status).toBe(303);
    const page = await client.get('/time?month=2026-10', { headers: browser });
    expect(page.text).toContain('Coop du temps A');
    expect(page.text).toContain('Conception graphique');
    expect(page.text).toMatch(/Total<\/th><td>210<\/td>/);
  });
});
