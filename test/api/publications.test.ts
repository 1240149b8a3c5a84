import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

/** Scheduling through the API, without workers: what is accepted, refused, and who sees what. */
let app: TestApp;
let admin: TestUser;
let strategist: TestUser;
let member: TestUser;
let enterprise: string;
let campaign: string;
let ad: string;
let facebook: string;
let linkedin: string;
const zone = 'America/Toronto';
const inDays = (days: number, time = '10:00') =>
  `${DateTime.now().setZone(zone).plus({ days }).toISODate()}T${time}`;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  strategist = await app.createUser('strategist');
  enterprise = (await createEnterprise(admin.api, { name: 'Coop du planning' })).id;
  campaign = (
    await createCampaign(admin.api, {
      period: { start: DateTime.now().toISODate(), end: DateTime.now().plus({ years: 2 }).toISODate() },
      enterpriseIds: [enterprise],
    })
  ).id;
  ad = (
    await createAd(admin.api, campaign, [enterprise], {
      templateId: 'vitrine-produit',
      caption: { default: 'Un café' },
    })
  ).id;
  facebook = (await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Page FB' }))
    .body.id;
  linkedin = (await admin.api.post('/api/v1/channels/sandbox', { platform: 'linkedin', name: 'Page LI' }))
    .body.id;
  member = await app.createUser('member', { enterpriseId: enterprise });
});
afterAll(() => app?.close());

const schedule = (user: TestUser, body: Record<string, unknown>) =>
  user.api.post('/api/v1/publications', body);
const fieldsOf = (res: { body: { error: { details: { field: string }[] } } }) =>
  res.body.error.details.map((d) => d.field);

describe('scheduling an ad', () => {
  it('creates one publication per channel at the hub-local time, in UTC', async () => {
    const res = await schedule(strategist, {
      adId: ad,
      channelIds: [facebook, linkedin],
      at: inDays(3, '09:15'),
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toHaveLength(2);
    const expected = DateTime.fromISO(inDays(3, '09:15'), { zone }).toUTC().toISO();
    for (const p of res.body.data) {
      expect(p).toMatchObject({
        status: 'scheduled',
        fence: 0,
        adId: ad,
        campaignId: campaign,
        enterpriseIds: [enterprise],
      });
      expect(new Date(p.scheduledAt).toISOString()).toBe(expected);
    }
    expect(res.body.data.map((p: { format: string }) => p.format).sort()).toEqual(['facebook', 'linkedin']);
    expect((await admin.api.get(`/api/v1/ads/${ad}`)).body.status).toBe('scheduled');
  });

  it('refuses the same ad on the same channel at the same instant (409), and nothing is half-written', async () => {
    const at = inDays(4);
    expect((await schedule(admin, { adId: ad, channelIds: [facebook], at })).status).toBe(201);
    const again = await schedule(admin, { adId: ad, channelIds: [linkedin, facebook], at });
    expect(again.status).toBe(409);
    const list = await admin.api.get(
      `/api/v1/publications?adId=${ad}&from=${inDays(4).slice(0, 10)}&to=${inDays(4).slice(0, 10)}`,
    );
    expect(list.body.data).toHaveLength(1);
  });

  it('refuses a wall time that does not exist (spring forward) with the valid times around it', async () => {
    const res = await schedule(admin, { adId: ad, channelIds: [facebook], at: '2027-03-14T02:30' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain('at');
    expect(res.body.error.message).toContain('01:59');
    expect(res.body.error.message).toContain('03:00');
  });

  it('takes the first of an ambiguous time (fall back) and says so; an offset picks the second', async () => {
    const first = await schedule(admin, { adId: ad, channelIds: [facebook], at: '2027-11-07T01:30' });
    expect(first.status).toBe(201);
    expect(new Date(first.body.data[0].scheduledAt).toISOString()).toBe('2027-11-07T05:30:00.000Z');
    expect(first.body.notes.join(' ')).toMatch(/happens twice.*-05:00/);
    const second = await schedule(admin, {
      adId: ad,
      channelIds: [facebook],
      at: '2027-11-07T01:30',
      offset: '-05:00',
    });
    expect(second.status).toBe(201);
    expect(new Date(second.body.data[0].scheduledAt).toISOString()).toBe('2027-11-07T06:30:00.000Z');
    const wrong = await schedule(admin, {
      adId: ad,
      channelIds: [facebook],
      at: '2027-11-07T01:30',
      offset: '-03:00',
    });
    expect(wrong.status).toBe(400);
    expect(fieldsOf(wrong)).toEqual(['offset']);
  });

  it('refuses an offset that contradicts an unambiguous wall time, and one that is no UTC offset', async () => {
    const at = inDays(3, '11:00');
    const contradicts = await schedule(admin, { adId: ad, channelIds: [facebook], at, offset: '-07:00' });
    expect(contradicts.status).toBe(400);
    expect(fieldsOf(contradicts)).toEqual(['offset']);
    const nonsense = await schedule(admin, { adId: ad, channelIds: [facebook], at, offset: '+99:99' });
    expect(nonsense.status).toBe(400);
    expect(fieldsOf(nonsense)).toEqual(['offset']);
  });

  it.each([
    ['a time in the past', { at: '2020-01-01T10:00' }, 'at'],
    ['a time beyond the horizon', { at: inDays(400) }, 'at'],
    ['a time that is not a time', { at: 'demain midi' }, 'at'],
    ['no channel', { channelIds: [] }, 'channelIds'],
    ['an unknown channel', { channelIds: ['0123456789abcdef01234567'] }, 'channelIds.0'],
    ['an unknown ad', { adId: '0123456789abcdef01234567' }, 'adId'],
    ['an unknown field', { when: 'now' }, 'when'],
  ])('refuses %s with a 400 naming the field', async (_what, change, field) => {
    const res = await schedule(admin, { adId: ad, channelIds: [facebook], at: inDays(5), ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(fieldsOf(res)).toContain(field);
  });

  it('refuses a time outside the campaign period unless confirmed', async () => {
    const short = (
      await createCampaign(admin.api, {
        period: { start: inDays(1).slice(0, 10), end: inDays(2).slice(0, 10) },
        enterpriseIds: [enterprise],
      })
    ).id;
    const other = (await createAd(admin.api, short, [enterprise], { templateId: 'vitrine-produit' })).id;
    const refused = await schedule(admin, { adId: other, channelIds: [facebook], at: inDays(5) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].message).toMatch(
      /outside the campaign's period.*confirmOutsideCampaign/,
    );
    const confirmed = await schedule(admin, {
      adId: other,
      channelIds: [facebook],
      at: inDays(5),
      confirmOutsideCampaign: true,
    });
    expect(confirmed.status).toBe(201);
  });

  it('refuses a disabled channel, a channel of an enterprise the ad does not feature, and an ad without a template', async () => {
    const disabled = (
      await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Éteinte' })
    ).body.id;
    await admin.api.post(`/api/v1/channels/${disabled}/disable`);
    const stranger = (await createEnterprise(admin.api, { name: 'Coop voisine' })).id;
    const theirs = (
      await admin.api.post('/api/v1/channels/sandbox', {
        platform: 'linkedin',
        name: 'Page voisine',
        owner: { kind: 'enterprise', enterpriseId: stranger },
      })
    ).body.id;
    const res = await schedule(admin, { adId: ad, channelIds: [disabled, theirs], at: inDays(6) });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['channelIds.0', 'channelIds.1']);
    const bare = (await createAd(admin.api, campaign, [enterprise], { templateId: null })).id;
    const noImage = await schedule(admin, { adId: bare, channelIds: [facebook], at: inDays(6) });
    expect(noImage.status).toBe(400);
    expect(fieldsOf(noImage)).toContain('adId');
  });

  it('refuses a caption over the platform limit, counted as the platform counts (UTF-16 units, with the link)', async () => {
    const long = (
      await createAd(admin.api, campaign, [enterprise], {
        templateId: 'vitrine-produit',
        caption: { default: 'court', linkedin: `${'a'.repeat(2990)}${'🎉'.repeat(5)}` },
        link: 'https://example.org/coop',
      })
    ).id;
    const res = await schedule(admin, { adId: long, channelIds: [facebook, linkedin], at: inDays(7) });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['caption.linkedin']);
    expect(res.body.error.details[0].message).toMatch(/at most 3000/);
    expect(res.text).not.toContain('a'.repeat(200));
  });
});

describe('acting on publications', () => {
  it('reschedules with the fence the client saw, and refuses a stale one', async () => {
    const [pub] = (await schedule(admin, { adId: ad, channelIds: [linkedin], at: inDays(8) })).body.data;
    const moved = await admin.api.patch(`/api/v1/publications/${pub.id}`, { at: inDays(9), fence: 0 });
    expect(moved.status).toBe(200);
    expect(moved.body.fence).toBe(1);
    const stale = await admin.api.patch(`/api/v1/publications/${pub.id}`, { at: inDays(10), fence: 0 });
    expect(stale.status).toBe(409);
    const gap = await admin.api.patch(`/api/v1/publications/${pub.id}`, { at: '2027-03-14T02:15' });
    expect(gap.status).toBe(400);
  });

  it('cancels once; a cancelled or published publication cannot be rescheduled, retried or cancelled again', async () => {
    const [pub] = (await schedule(admin, { adId: ad, channelIds: [facebook], at: inDays(11) })).body.data;
    expect((await admin.api.post(`/api/v1/publications/${pub.id}/cancel`)).body.status).toBe('cancelled');
    for (const [method, path, body] of [
      ['POST', `/api/v1/publications/${pub.id}/cancel`, undefined],
      ['POST', `/api/v1/publications/${pub.id}/retry`, undefined],
      ['PATCH', `/api/v1/publications/${pub.id}`, { at: inDays(12) }],
      ['POST', `/api/v1/publications/${pub.id}/mark-posted`, {}],
    ] as const) {
      const res = await admin.api.request(method, path, body ? { body } : {});
      expect(res.status, `${method} ${path}`).toBe(409);
      expect(res.body.error.details[0].field).toBe('status');
    }
  });

  it('refuses a period bound with a UTC offset no place uses', async () => {
    const res = await admin.api.get(
      `/api/v1/publications?from=${encodeURIComponent('2026-12-01T00:00:00+99:00')}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: 'from', message: expect.stringContaining('UTC offset') },
    ]);
  });

  it('lists by period (hub-local days), channel and status, paginated', async () => {
    const day = inDays(13).slice(0, 10);
    await schedule(admin, { adId: ad, channelIds: [facebook, linkedin], at: `${day}T23:30` });
    const res = await admin.api.get(
      `/api/v1/publications?from=${day}&to=${day}&channelId=${facebook}&status=scheduled,held&limit=5`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, limit: 5, total: 1 });
    expect(res.body.data[0].channelId).toBe(facebook);
    const bad = await admin.api.get('/api/v1/publications?status=sent&from=hier');
    expect(bad.status).toBe(400);
  });
});

describe('removing what publications depend on', () => {
  it('cancels at once the publications still to go out on a deleted channel, with the reason', async () => {
    const channel = (
      await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Page retirée' })
    ).body.id as string;
    const res = await schedule(admin, { adId: ad, channelIds: [channel, linkedin], at: inDays(20, '11:45') });
    expect(res.status).toBe(201);
    const [onRemoved, onKept] = res.body.data as { id: string; channelId: string }[];
    expect((await admin.api.delete(`/api/v1/channels/${channel}`)).status).toBe(204);
    const removed = (await admin.api.get(`/api/v1/publications/${onRemoved!.id}`)).body;
    expect(removed).toMatchObject({ status: 'cancelled', statusReason: 'The channel was removed.' });
    expect((await admin.api.get(`/api/v1/publications/${onKept!.id}`)).body.status).toBe('scheduled');
    const day = inDays(20).slice(0, 10);
    const calendar = (await admin.api.get(`/api/v1/calendar?from=${day}&to=${day}`)).body;
    expect(calendar.events.find((e: { id: string }) => e.id === onRemoved!.id)).toMatchObject({
      status: 'cancelled',
    });
    expect((await admin.api.delete(`/api/v1/channels/${channel}`)).status).toBe(404);
  });

  it('cancels at once the publications still to go out of an archived ad', async () => {
    const archived = (
      await createAd(admin.api, campaign, [enterprise], {
        templateId: 'vitrine-produit',
        caption: { default: 'Archivée' },
      })
    ).id;
    const res = await schedule(admin, {
      adId: archived,
      channelIds: [facebook, linkedin],
      at: inDays(21, '08:30'),
    });
    expect(res.status).toBe(201);
    expect((await admin.api.patch(`/api/v1/ads/${archived}`, { status: 'archived' })).status).toBe(200);
    for (const p of res.body.data as { id: string }[]) {
      expect((await admin.api.get(`/api/v1/publications/${p.id}`)).body).toMatchObject({
        status: 'cancelled',
        statusReason: 'The ad was archived.',
      });
    }
  });
});

describe('a member', () => {
  it('reads the publications of the ads featuring its enterprise, and cannot schedule or act', async () => {
    const list = await member.api.get('/api/v1/publications');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect(
      list.body.data.every((p: { enterpriseIds: string[] }) => p.enterpriseIds.includes(enterprise)),
    ).toBe(true);
    const one = list.body.data[0];
    expect((await member.api.get(`/api/v1/publications/${one.id}`)).status).toBe(200);
    expect((await schedule(member, { adId: ad, channelIds: [facebook], at: inDays(20) })).status).toBe(404);
    expect((await member.api.post(`/api/v1/publications/${one.id}/cancel`)).status).toBe(404);
  });
});
