import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config/index.js';
import { redis } from '../../server/lib/redis.js';
import { reconcile } from '../../server/modules/scheduling/reconcile.service.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';

/** The calendar feed: hub-local days, filters, member scoping, and never a stale entry after a write. */
let app: TestApp;
let admin: TestUser;
let memberA: TestUser;
const ids = {} as Record<string, string>;
const zone = 'America/Toronto';
const local = (days: number, time: string) =>
  `${DateTime.now().setZone(zone).plus({ days }).toISODate()}T${time}`;
const dayOf = (at: string) => at.slice(0, 10);

interface FeedEvent {
  id: string;
  status: string;
  fence: number;
  local: string;
  start: string;
  at: number;
  channelId: string;
  enterpriseIds: string[];
}
const answer = async (user: TestUser, query: string) => {
  const res = await user.api.get(`/api/v1/calendar?${query}`);
  expect(res.status).toBe(200);
  return res.body as {
    canMove: boolean;
    names: { channels: Record<string, string>; enterprises: Record<string, string> };
    events: FeedEvent[];
  };
};
/** The events in time order (within a day the feed keeps no order). */
const feed = async (user: TestUser, query: string) =>
  (await answer(user, query)).events.sort((a, b) => a.at - b.at);
const schedule = async (ad: string, channel: string, at: string) => {
  const res = await admin.api.post('/api/v1/publications', { adId: ad, channelIds: [channel], at });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data[0].id as string;
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  ids.a = (await createEnterprise(admin.api, { name: 'Coop Alpha' })).id;
  ids.b = (await createEnterprise(admin.api, { name: 'Coop Bêta' })).id;
  const period = { start: DateTime.now().toISODate(), end: DateTime.now().plus({ days: 360 }).toISODate() };
  ids.campaign1 = (
    await createCampaign(admin.api, { name: 'Printemps', period, enterpriseIds: [ids.a, ids.b] })
  ).id;
  ids.campaign2 = (
    await createCampaign(admin.api, { name: 'Automne', period, enterpriseIds: [ids.a, ids.b] })
  ).id;
  ids.adA = (
    await createAd(admin.api, ids.campaign1!, [ids.a!], {
      templateId: 'vitrine-produit',
      caption: { default: 'Alpha' },
    })
  ).id;
  ids.adB = (
    await createAd(admin.api, ids.campaign2!, [ids.b!], {
      templateId: 'vitrine-produit',
      caption: { default: 'Bêta' },
    })
  ).id;
  ids.fb = (
    await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Page FB' })
  ).body.id;
  ids.li = (
    await admin.api.post('/api/v1/channels/sandbox', { platform: 'linkedin', name: 'Page LI' })
  ).body.id;
  memberA = await app.createUser('member', { enterpriseId: ids.a! });
  ids.pubA = await schedule(ids.adA!, ids.fb!, local(5, '09:00'));
  ids.pubB = await schedule(ids.adB!, ids.li!, local(5, '14:30'));
  ids.pubLater = await schedule(ids.adA!, ids.li!, local(9, '08:00'));
});
afterAll(() => app?.close());

describe('the calendar feed', () => {
  it('lists the publications of the hub-local days asked, with hub-local times and names', async () => {
    const day = dayOf(local(5, '00:00'));
    const events = await feed(admin, `from=${day}&to=${day}`);
    expect(events.map((e) => e.id)).toEqual([ids.pubA, ids.pubB]);
    expect(events[0]).toMatchObject({ local: local(5, '09:00'), status: 'scheduled', fence: 0 });
    expect(events[0]!.start).toBe(DateTime.fromISO(local(5, '09:00'), { zone }).toUTC().toISO());
    const { names, canMove } = await answer(admin, `from=${day}&to=${day}`);
    expect(canMove).toBe(true);
    expect(names.channels[events[0]!.channelId]).toBe('Page FB');
    expect(names.enterprises[events[0]!.enterpriseIds[0]!]).toBe('Coop Alpha');
    const week = await feed(admin, `from=${day}&to=${dayOf(local(12, '00:00'))}`);
    expect(week.map((e) => e.id)).toEqual([ids.pubA, ids.pubB, ids.pubLater]);
  });

  it('filters by channel, campaign and enterprise', async () => {
    const range = `from=${dayOf(local(0, '00:00'))}&to=${dayOf(local(30, '00:00'))}`;
    expect((await feed(admin, `${range}&channelId=${ids.li}`)).map((e) => e.id)).toEqual([
      ids.pubB,
      ids.pubLater,
    ]);
    expect((await feed(admin, `${range}&campaignId=${ids.campaign2}`)).map((e) => e.id)).toEqual([ids.pubB]);
    expect((await feed(admin, `${range}&enterpriseId=${ids.a}`)).map((e) => e.id)).toEqual([
      ids.pubA,
      ids.pubLater,
    ]);
  });

  it("shows a member only its own enterprise's publications, read-only", async () => {
    const range = `from=${dayOf(local(0, '00:00'))}&to=${dayOf(local(30, '00:00'))}`;
    const own = await feed(memberA, range);
    expect(own.map((e) => e.id)).toEqual([ids.pubA, ids.pubLater]);
    const whole = await answer(memberA, range);
    expect(whole.canMove).toBe(false);
    expect(Object.values(whole.names.enterprises)).toEqual(['Coop Alpha']);
    expect(await feed(memberA, `${range}&enterpriseId=${ids.b}`)).toEqual([]);
    const res = await memberA.api.get(`/api/v1/calendar?${range}&channelId=${ids.li}`);
    expect(res.text).not.toContain('Bêta');
  });

  it('refuses bad periods and filters with 400 in the one error format', async () => {
    for (const query of [
      'from=2027-01-10',
      'from=2027-02-30&to=2027-03-01',
      'from=2027-01-10&to=2027-01-09',
      'from=2027-01-01&to=2027-06-01',
      'from=2027-01-01&to=2027-01-31&channelId=nope',
      'from=2027-01-01&to=2027-01-31&colour=red',
      'from[]=x&to=2027-01-31',
    ]) {
      const res = await admin.api.get(`/api/v1/calendar?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('cuts days at hub-local midnight across DST: 23 h in March, 25 h in November', async () => {
    const spring = await schedule(ids.adB!, ids.fb!, '2027-03-14T23:30');
    const springNext = await schedule(ids.adB!, ids.fb!, '2027-03-15T00:10');
    const fall = await schedule(ids.adB!, ids.fb!, '2027-11-07T23:30');
    const fallNext = await schedule(ids.adB!, ids.fb!, '2027-11-08T00:15');
    const march = await feed(admin, 'from=2027-03-14&to=2027-03-14');
    expect(march.map((e) => e.id)).toEqual([spring]);
    expect(march[0]!.local).toBe('2027-03-14T23:30');
    expect(march[0]!.start).toBe('2027-03-15T03:30:00.000Z');
    expect((await feed(admin, 'from=2027-03-15&to=2027-03-15')).map((e) => e.id)).toEqual([springNext]);
    const november = await feed(admin, 'from=2027-11-07&to=2027-11-07');
    expect(november.map((e) => e.id)).toEqual([fall]);
    expect(november[0]!.start).toBe('2027-11-08T04:30:00.000Z');
    expect((await feed(admin, 'from=2027-11-08&to=2027-11-08')).map((e) => e.id)).toEqual([fallNext]);
  });
});

describe('after a write', () => {
  it('shows the new time and fence of a rescheduled publication at once', async () => {
    const id = await schedule(ids.adA!, ids.fb!, local(20, '10:00'));
    const moved = await admin.api.patch(`/api/v1/publications/${id}`, { at: local(21, '16:45'), fence: 0 });
    expect(moved.status).toBe(200);
    expect(await feed(admin, `from=${dayOf(local(20, '00:00'))}&to=${dayOf(local(20, '00:00'))}`)).toEqual(
      [],
    );
    const [event] = await feed(admin, `from=${dayOf(local(21, '00:00'))}&to=${dayOf(local(21, '00:00'))}`);
    expect(event).toMatchObject({ id, local: local(21, '16:45'), fence: 1, status: 'scheduled' });
  });

  it('shows a cancelled publication as cancelled, no longer movable', async () => {
    const id = await schedule(ids.adA!, ids.fb!, local(22, '10:00'));
    expect((await admin.api.post(`/api/v1/publications/${id}/cancel`)).status).toBe(200);
    const [event] = await feed(admin, `from=${dayOf(local(22, '00:00'))}&to=${dayOf(local(22, '00:00'))}`);
    expect(event).toMatchObject({ id, status: 'cancelled' });
  });

  it('keeps every entry when many writes race, matching MongoDB', async () => {
    const days = [27, 28, 29];
    const made = await Promise.all(
      days.flatMap((d) =>
        ['08:00', '09:00', '10:00', '11:00'].map((time) => schedule(ids.adB!, ids.fb!, local(d, time))),
      ),
    );
    // Half of them moved and cancelled at the same time, each write racing the others.
    await Promise.all(
      made.map((id, i) =>
        i % 2 === 0
          ? admin.api.patch(`/api/v1/publications/${id}`, { at: local(30, `1${i % 10}:30`), fence: 0 })
          : admin.api.post(`/api/v1/publications/${id}/cancel`),
      ),
    );
    const range = `from=${dayOf(local(27, '00:00'))}&to=${dayOf(local(30, '00:00'))}&channelId=${ids.fb}`;
    const events = await feed(admin, range);
    const list = await admin.api.get(
      `/api/v1/publications?from=${dayOf(local(27, '00:00'))}&to=${dayOf(local(30, '00:00'))}&channelId=${ids.fb}&limit=100`,
    );
    const truth = (list.body.data as { id: string; status: string; fence: number; scheduledAt: string }[])
      .map((p) => ({
        id: p.id,
        status: p.status,
        fence: p.fence,
        start: new Date(p.scheduledAt).toISOString(),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(truth).toHaveLength(made.length);
    expect(
      events
        .map((e) => ({ id: e.id, status: e.status, fence: e.fence, start: e.start }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(truth);
  });

  it('rebuilds from MongoDB when Redis lost the read model, and the reconciler does it too', async () => {
    const forget = async () => {
      const keys = await redis().keys(`${config().REDIS_PREFIX}:calendar:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis().del(...keys);
    };
    const range = `from=${dayOf(local(0, '00:00'))}&to=${dayOf(local(30, '00:00'))}`;
    const before = await feed(admin, range);
    await forget();
    expect(await feed(admin, range)).toEqual(before);
    await forget();
    expect((await reconcile()).calendar).toBe(1);
    expect((await reconcile()).calendar).toBe(0);
    expect(await feed(admin, range)).toEqual(before);
  });
});

describe('the calendar pages', () => {
  it('staff get the move refused beside the field, in French, for a DST gap or a past time', async () => {
    await app.createUser('admin', { email: 'calendar-pages@example.test', locale: 'fr' });
    const staff = await signInToDashboard(app, 'calendar-pages@example.test');
    const id = await schedule(ids.adA!, ids.li!, local(25, '10:00'));
    const move = (at: string) =>
      staff.client.request(
        'POST',
        `/calendar/publications/${id}/reschedule`,
        form({ _csrf: staff.csrf, at, fence: '0' }, { 'hx-request': 'true' }),
      );
    const gap = await move('2027-03-14T02:30');
    expect(gap.status).toBe(200);
    expect(gap.text).toContain('n’existe pas ce jour-là');
    expect(gap.text).toContain('aria-invalid="true"');
    const past = await move('2020-01-01T10:00');
    expect(past.text).toContain('déjà passée');
    const stale = await staff.client.request(
      'POST',
      `/calendar/publications/${id}/reschedule`,
      form({ _csrf: staff.csrf, at: local(26, '10:00'), fence: '7' }, { 'hx-request': 'true' }),
    );
    expect(stale.text).toContain('a changé depuis');
    expect((await admin.api.get(`/api/v1/publications/${id}`)).body.fence).toBe(0);
    const ok = await move(local(26, '11:15'));
    expect(ok.headers.get('hx-trigger')).toBe('calendar-changed');
    expect((await admin.api.get(`/api/v1/publications/${id}`)).body.fence).toBe(1);
    const page = await staff.client.get('/calendar', { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('/static/fullcalendar/core.js');
    for (const file of ['core', 'fr', 'daygrid', 'timegrid', 'list', 'interaction'])
      expect((await staff.client.get(`/static/fullcalendar/${file}.js`)).status).toBe(200);
    expect((await staff.client.get('/static/fullcalendar/constructor')).status).toBe(404);
  });

  it("shows a member its own publications read-only, and no one else's details", async () => {
    await app.createUser('member', { enterpriseId: ids.a!, email: 'calendar-member@example.test' });
    const member = await signInToDashboard(app, 'calendar-member@example.test');
    const own = await member.client.get(`/calendar/publications/${ids.pubA}`, { headers: browser });
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('/reschedule');
    expect((await member.client.get(`/calendar/publications/${ids.pubB}`, { headers: browser })).status).toBe(
      404,
    );
  });
});
