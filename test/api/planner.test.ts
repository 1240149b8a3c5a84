import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

/** The auto-planner through the API: gaps, collisions, fairness, all or nothing, who may use it. */
let app: TestApp;
let admin: TestUser;
let member: TestUser;
const zone = 'America/Toronto';
// Six whole weeks, starting on the Monday after next, in the hub's zone.
const monday = DateTime.now().setZone(zone).startOf('week').plus({ weeks: 2 });
const start = monday.toISODate()!;
const end = monday.plus({ weeks: 6, days: -1 }).toISODate()!;
const enterprises: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  enterprises.a = (await createEnterprise(admin.api, { name: 'Coop A du plan' })).id;
  enterprises.b = (await createEnterprise(admin.api, { name: 'Coop B du plan' })).id;
  enterprises.c = (await createEnterprise(admin.api, { name: 'Coop C du plan' })).id;
  member = await app.createUser('member', { enterpriseId: enterprises.a });
});
afterAll(() => app?.close());

async function channel(platform: 'facebook' | 'linkedin' = 'facebook') {
  const res = await admin.api.post('/api/v1/channels/sandbox', { platform, name: `Page ${platform}` });
  return res.body.id as string;
}

/** A campaign over the six weeks with ads ready to plan: `counts` ads per enterprise, in that order. */
async function campaignWith(counts: Partial<Record<'a' | 'b' | 'c', number>>, caption = 'Bonjour') {
  const ids = Object.keys(counts).map((k) => enterprises[k as 'a']);
  const campaign = (await createCampaign(admin.api, { period: { start, end }, enterpriseIds: ids })).id;
  const ads: { id: string; enterprise: string }[] = [];
  for (const [key, count] of Object.entries(counts)) {
    for (let i = 0; i < (count ?? 0); i += 1) {
      const enterprise = enterprises[key as 'a'];
      const ad = await createAd(admin.api, campaign, [enterprise], {
        templateId: 'vitrine-produit',
        status: 'ready',
        caption: { default: caption },
      });
      ads.push({ id: ad.id, enterprise });
    }
  }
  return { campaign, ads };
}

const weekOf = (iso: string) => DateTime.fromISO(iso, { zone }).toFormat("kkkk-'W'WW");
const fieldsOf = (res: { body: { error: { details: { field: string }[] } } }) =>
  res.body.error.details.map((d) => d.field);

async function publicationsOf(campaign: string) {
  return (await admin.api.get(`/api/v1/publications?campaignId=${campaign}&limit=500`)).body.data as {
    adId: string;
    channelId: string;
    scheduledAt: string;
    enterpriseIds: string[];
  }[];
}

describe('previewing a plan', () => {
  it('puts every ready ad on a chosen weekday and time, hub-local, and writes nothing', async () => {
    const { campaign, ads } = await campaignWith({ a: 6, b: 3, c: 3 });
    const fb = await channel();
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [fb],
      weekdays: [2, 4, 6],
      times: ['10:00'],
      minGapHours: 24,
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(ads.length);
    expect(new Set(res.body.items.map((i: { adId: string }) => i.adId))).toEqual(
      new Set(ads.map((a) => a.id)),
    );
    for (const item of res.body.items) {
      const local = DateTime.fromISO(item.at).setZone(zone);
      expect([2, 4, 6]).toContain(local.weekday);
      expect(local.toFormat('HH:mm')).toBe('10:00');
      expect(item.local).toBe(local.toFormat("yyyy-MM-dd'T'HH:mm"));
    }
    expect(await publicationsOf(campaign)).toHaveLength(0);
  });

  it('keeps the minimum gap between two posts on a channel', async () => {
    const { campaign } = await campaignWith({ a: 4, b: 4 });
    const fb = await channel();
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [fb],
      weekdays: [1, 2, 3, 4, 5],
      times: ['09:00', '12:00', '16:00'],
      minGapHours: 72,
    });
    expect(res.status).toBe(200);
    const times = res.body.items
      .map((i: { at: string }) => Date.parse(i.at))
      .sort((x: number, y: number) => x - y);
    for (let i = 1; i < times.length; i += 1)
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(72 * 3_600_000);
  });

  it('spreads each enterprise over the weeks: at most ⌈its ads / weeks⌉ in any one week', async () => {
    const { campaign, ads } = await campaignWith({ a: 9, b: 2, c: 1 });
    const fb = await channel();
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [fb],
      weekdays: [1, 2, 3, 4, 5],
      times: ['09:00', '14:00'],
      minGapHours: 0,
    });
    expect(res.status).toBe(200);
    const weeks = 6;
    const perWeek = new Map<string, number>();
    for (const item of res.body.items) {
      const key = `${item.enterpriseIds[0]}|${weekOf(item.at)}`;
      perWeek.set(key, (perWeek.get(key) ?? 0) + 1);
    }
    for (const [key, count] of perWeek) {
      const enterprise = key.split('|')[0];
      const total = ads.filter((a) => a.enterprise === enterprise).length;
      expect(count, key).toBeLessThanOrEqual(Math.ceil(total / weeks));
    }
    // Enterprise A, with 9 ads over 6 weeks, appears in every week.
    const weeksOfA = new Set(
      res.body.items
        .filter((i: { enterpriseIds: string[] }) => i.enterpriseIds[0] === enterprises.a)
        .map((i: { at: string }) => weekOf(i.at)),
    );
    expect(weeksOfA.size).toBe(weeks);
    expect(res.body.fairness.weeks).toBe(weeks);
    for (const e of res.body.fairness.enterprises) expect(e.maxInOneWeek).toBeLessThanOrEqual(e.cap);
  });

  it('avoids the publications already on the channel, with the gap around them', async () => {
    const other = await campaignWith({ b: 1 });
    const { campaign } = await campaignWith({ a: 3 });
    const fb = await channel();
    const taken = `${monday.plus({ days: 1 }).toISODate()}T10:00`;
    const scheduled = await admin.api.post('/api/v1/publications', {
      adId: other.ads[0]!.id,
      channelIds: [fb],
      at: taken,
    });
    expect(scheduled.status).toBe(201);
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [fb],
      weekdays: [2],
      times: ['10:00'],
      minGapHours: 24,
      to: monday.plus({ weeks: 4 }).toISODate(),
    });
    expect(res.status).toBe(200);
    const takenAt = DateTime.fromISO(taken, { zone }).toMillis();
    for (const item of res.body.items)
      expect(Math.abs(Date.parse(item.at) - takenAt)).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(res.body.items).toHaveLength(3);
  });

  it('plans drafts too, leaves out ads already planned or waiting for approval, and says why', async () => {
    const { campaign } = await campaignWith({ a: 1 });
    const draft = await createAd(admin.api, campaign, [enterprises.a], { templateId: 'vitrine-produit' });
    const planned = await createAd(admin.api, campaign, [enterprises.a], {
      templateId: 'vitrine-produit',
      status: 'ready',
    });
    const scheduled = await admin.api.post('/api/v1/publications', {
      adId: planned.id,
      channelIds: [await channel()],
      at: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      confirmOutsideCampaign: true,
    });
    expect(scheduled.status).toBe(201);
    const waiting = await createAd(admin.api, campaign, [enterprises.a], {
      templateId: 'vitrine-produit',
      status: 'ready',
      approval: { required: true },
    });
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [await channel()],
      weekdays: [3],
      times: ['11:00'],
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items.map((i: { adId: string }) => i.adId)).toContain(draft.id);
    expect(res.body.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ adId: planned.id, reason: 'not_ready' }),
        expect.objectContaining({ adId: waiting.id, reason: 'awaiting_approval' }),
      ]),
    );
  });

  it('leaves out the ads of a campaign that requires approval until their revision is approved', async () => {
    const { campaign } = await campaignWith({ a: 2 });
    expect((await admin.api.patch(`/api/v1/campaigns/${campaign}`, { requiresApproval: true })).status).toBe(
      200,
    );
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [await channel()],
      weekdays: [3],
      times: ['11:00'],
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(0);
    expect(res.body.skipped).toHaveLength(2);
    for (const skipped of res.body.skipped) expect(skipped.reason).toBe('awaiting_approval');
  });
});

describe('bad plans', () => {
  it('refuses more ads than the period holds slots, naming times and the counts', async () => {
    const { campaign } = await campaignWith({ a: 3 });
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [await channel()],
      weekdays: [1],
      times: ['10:00'],
      from: start,
      to: monday.plus({ days: 6 }).toISODate(),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(fieldsOf(res)).toEqual(['times']);
    expect(res.body.error.message).toMatch(/3 slots.*holds 1/);
  });

  it('refuses a gap that leaves no room, naming minGapHours', async () => {
    const { campaign } = await campaignWith({ a: 3 });
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [await channel()],
      weekdays: [1, 2, 3, 4, 5],
      times: ['10:00'],
      minGapHours: 24 * 20,
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['minGapHours']);
  });

  it('names each bad field: weekday, time, period, unknown channel', async () => {
    const { campaign } = await campaignWith({ a: 1 });
    const res = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: ['0123456789abcdef01234567'],
      weekdays: [8],
      times: ['25:00'],
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['weekdays.0', 'times.0']));
    const channelRes = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: ['0123456789abcdef01234567'],
      weekdays: [1],
      times: ['10:00'],
      from: '2020-01-01',
    });
    expect(channelRes.status).toBe(400);
    expect(fieldsOf(channelRes)).toEqual(['channelIds.0']);
    const period = await admin.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [await channel()],
      weekdays: [1],
      times: ['10:00'],
      from: '2020-01-01',
    });
    expect(period.status).toBe(400);
    expect(fieldsOf(period)).toEqual(['from']);
  });
});

describe('applying a plan', () => {
  it('schedules the whole previewed plan in one step', async () => {
    const { campaign, ads } = await campaignWith({ a: 2, b: 2 });
    const [fb, li] = [await channel('facebook'), await channel('linkedin')];
    const body = {
      campaignId: campaign,
      channelIds: [fb, li],
      weekdays: [2, 4],
      times: ['10:00'],
      minGapHours: 24,
    };
    const preview = await admin.api.post('/api/v1/plans/preview', body);
    const res = await admin.api.post('/api/v1/plans', { ...body, planId: preview.body.planId });
    expect(res.status).toBe(201);
    expect(res.body.data).toHaveLength(ads.length * 2);
    const written = await publicationsOf(campaign);
    expect(written).toHaveLength(ads.length * 2);
    const planned = preview.body.items.flatMap((i: { adId: string; at: string; channelIds: string[] }) =>
      i.channelIds.map((c) => `${i.adId}|${c}|${new Date(i.at).toISOString()}`),
    );
    expect(
      written.map((p) => `${p.adId}|${p.channelId}|${new Date(p.scheduledAt).toISOString()}`).sort(),
    ).toEqual(planned.sort());
    for (const ad of ads) expect((await admin.api.get(`/api/v1/ads/${ad.id}`)).body.status).toBe('scheduled');
    const again = await admin.api.post('/api/v1/plans', body);
    expect(again.status).toBe(400);
    expect(fieldsOf(again)).toEqual(['adIds']);
  });

  it('refuses a plan that changed since its preview (409) and writes nothing', async () => {
    const { campaign } = await campaignWith({ a: 2 });
    const fb = await channel();
    const body = { campaignId: campaign, channelIds: [fb], weekdays: [3], times: ['10:00'] };
    const preview = await admin.api.post('/api/v1/plans/preview', body);
    await createAd(admin.api, campaign, [enterprises.a], { templateId: 'vitrine-produit', status: 'ready' });
    const res = await admin.api.post('/api/v1/plans', { ...body, planId: preview.body.planId });
    expect(res.status).toBe(409);
    expect(fieldsOf(res)).toEqual(['planId']);
    expect(await publicationsOf(campaign)).toHaveLength(0);
  });

  it('checks the whole plan before writing: one caption too long for LinkedIn, nothing written', async () => {
    const { campaign } = await campaignWith({ a: 1, b: 1 });
    await createAd(admin.api, campaign, [enterprises.b], {
      templateId: 'vitrine-produit',
      status: 'ready',
      caption: { default: 'a'.repeat(2990) },
      link: 'https://example.org/une-page-de-la-cooperative',
    });
    const res = await admin.api.post('/api/v1/plans', {
      campaignId: campaign,
      channelIds: [await channel('facebook'), await channel('linkedin')],
      weekdays: [1, 3, 5],
      times: ['10:00'],
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res).some((f: string) => /^items\.\d+\.caption\.default$/.test(f))).toBe(true);
    expect(await publicationsOf(campaign)).toHaveLength(0);
  });

  it('does not put an ad back at the exact instant of its cancelled publication on a channel', async () => {
    const { campaign, ads } = await campaignWith({ b: 1 });
    const fb = await channel();
    const day = monday.plus({ days: 2 }).toISODate();
    const first = await admin.api.post('/api/v1/publications', {
      adId: ads[0]!.id,
      channelIds: [fb],
      at: `${day}T14:00`,
    });
    expect((await admin.api.post(`/api/v1/publications/${first.body.data[0].id}/cancel`)).status).toBe(200);
    const body = {
      campaignId: campaign,
      channelIds: [fb],
      weekdays: [3],
      times: ['10:00', '14:00'],
      from: day,
      to: day,
    };
    const preview = await admin.api.post('/api/v1/plans/preview', body);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.items.map((i: { local: string }) => i.local)).toEqual([`${day}T10:00`]);
    expect((await admin.api.post('/api/v1/plans', { ...body, planId: preview.body.planId })).status).toBe(
      201,
    );
  });
});

describe('who may plan', () => {
  it('answers 404 to a member, even for a campaign featuring its enterprise, and writes nothing', async () => {
    const { campaign } = await campaignWith({ a: 1 });
    const body = { campaignId: campaign, channelIds: [await channel()], weekdays: [2], times: ['10:00'] };
    expect((await member.api.post('/api/v1/plans/preview', body)).status).toBe(404);
    expect((await member.api.post('/api/v1/plans', body)).status).toBe(404);
    expect(await publicationsOf(campaign)).toHaveLength(0);
  });

  it('lets a strategist plan', async () => {
    const strategist = await app.createUser('strategist');
    const { campaign } = await campaignWith({ c: 1 });
    const res = await strategist.api.post('/api/v1/plans/preview', {
      campaignId: campaign,
      channelIds: [await channel()],
      weekdays: [2],
      times: ['10:00'],
    });
    expect(res.status).toBe(200);
  });
});
