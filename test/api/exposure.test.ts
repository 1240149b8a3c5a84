import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicationModel } from '../../server/modules/scheduling/publication.model.js';
import { exposure, warmExposure } from '../../server/modules/statistics/exposure.service.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { counts, type ExposureWorld, exposureWorld, publish, snapshot } from './exposure.fixtures.js';

/**
 * Exposure figures through GET /api/v1/exposure(.csv), hub in America/Toronto. October 2026
 * holds three posts (one at 23:30 on the 31st, hub time), September one; March 2026 (clocks
 * spring forward on the 8th) three, with February and April posts at their edges.
 */
let app: TestApp;
let admin: TestUser;
let w: ExposureWorld;
const posts: Record<string, string> = {};

const totalsKeys = ['adsPublished', 'posts', 'views', 'reach', 'engagements', 'clicks'] as const;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  w = await exposureWorld(admin.api);
  const base = { campaign: w.campaign };
  const solo = { ...base, ad: w.ads.solo, enterpriseIds: [w.a] };
  const fb = { channel: w.facebook, platform: 'facebook' as const };
  const li = { channel: w.linkedin, platform: 'linkedin' as const };
  posts.p3 = await publish({
    ...solo,
    ...fb,
    publishedAt: '2026-10-01T00:10:00-04:00',
    metrics: counts(3000, [30, 60, 5, 5]),
    fetchedAt: '2026-11-10T12:00:00Z',
  });
  await snapshot(posts.p3, '2026-10-05T00:00:00Z', counts(500, [5, 10, 0, 0]));
  await snapshot(posts.p3, '2026-10-20T00:00:00Z', counts(2000, [20, 40, 3, 2]));
  await snapshot(posts.p3, '2026-11-10T12:00:00Z', counts(3000, [30, 60, 5, 5]));
  posts.p1 = await publish({
    ...base,
    ...li,
    ad: w.ads.duo,
    enterpriseIds: [w.b, w.a],
    publishedAt: '2026-10-31T23:30:00-04:00',
    metrics: counts(1000, [10, 20, 5, 5]),
    fetchedAt: '2026-11-05T00:00:00Z',
  });
  posts.pf = await publish({
    ...base,
    ...fb,
    ad: w.ads.formula,
    enterpriseIds: [w.a],
    publishedAt: '2026-10-15T12:00:00-04:00',
    metrics: counts(4000, [40, 30, 20, 10]),
    fetchedAt: '2026-10-16T00:00:00Z',
  });
  await publish({
    ...solo,
    ...li,
    publishedAt: '2026-09-30T23:59:00-04:00',
    metrics: counts(700, [7, 0, 0, 0]),
  });
  const march = (publishedAt: string, views: number) =>
    publish({ ...solo, ...fb, publishedAt, metrics: counts(views, [1, 0, 0, 0]) });
  await march('2026-03-01T00:15:00-05:00', 100);
  await march('2026-03-08T23:30:00-04:00', 200);
  await march('2026-03-31T23:30:00-04:00', 400);
  await march('2026-02-28T23:45:00-05:00', 800);
  await march('2026-04-01T00:05:00-04:00', 1600);
});
afterAll(async () => {
  await app?.close();
});

const get = (user: TestUser, query: string) => user.api.get(`/api/v1/exposure?${query}`);

describe('exposure figures of a period', () => {
  it('counts a post at 23:30 on the 31st hub time in that month, and compares with the month before', async () => {
    const res = await get(admin, 'month=2026-10');
    expect(res.status).toBe(200);
    expect(res.body.filter).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(res.body.totals).toEqual({
      adsPublished: 3,
      posts: 3,
      views: 8000,
      reach: 8000,
      engagements: 240,
      clicks: 80,
      engagementRate: 0.03,
    });
    expect(res.body.previousPeriod).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    expect(res.body.previous).toMatchObject({ posts: 1, views: 700, engagements: 7 });
    expect(res.body.series).toHaveLength(31);
    expect(res.body.series.find((p: { period: string }) => p.period === '2026-10-31')).toEqual({
      period: '2026-10-31',
      posts: 1,
      views: 1000,
      engagements: 40,
    });
    expect(res.body.empty).toBeUndefined();
  });

  it('follows the hub time zone through a DST month, day by day', async () => {
    const res = await get(admin, 'month=2026-03');
    expect(res.body.totals).toMatchObject({ posts: 3, views: 700 });
    expect(res.body.previous).toMatchObject({ posts: 1, views: 800 });
    const days = Object.fromEntries(
      res.body.series.map((p: { period: string; views: number }) => [p.period, p.views]),
    );
    expect(res.body.series).toHaveLength(31);
    expect(days).toMatchObject({ '2026-03-01': 100, '2026-03-08': 200, '2026-03-09': 0, '2026-03-31': 400 });
    const april = await get(admin, 'from=2026-04-01&to=2026-04-30');
    expect(april.body.totals).toMatchObject({ posts: 1, views: 1600 });
  });

  it('has breakdowns whose lines add up to the totals', async () => {
    const res = await get(admin, 'month=2026-10');
    for (const breakdown of ['byCampaign', 'byChannel', 'byPlatform', 'byTerritory']) {
      const lines = res.body[breakdown] as Record<string, number>[];
      expect(lines.length).toBeGreaterThan(0);
      for (const key of totalsKeys.filter((k) => k !== 'adsPublished'))
        expect(
          lines.reduce((sum, line) => sum + line[key]!, 0),
          `${breakdown}.${key}`,
        ).toBe(res.body.totals[key]);
    }
    expect(res.body.byPlatform.map((g: { key: string; views: number }) => [g.key, g.views])).toEqual([
      ['facebook', 7000],
      ['linkedin', 1000],
    ]);
    // The post featuring B then A counts in B's territory (the lead) in the hub's figures.
    expect(res.body.byTerritory.map((g: { label: string; views: number }) => [g.label, g.views])).toEqual([
      ['Sherbrooke', 7000],
      ['Memphrémagog', 1000],
    ]);
    expect(res.body.byCampaign[0]).toMatchObject({ key: w.campaign, label: 'Vitrine automne', posts: 3 });
    expect(res.body.byChannel.map((g: { label: string }) => g.label)).toEqual([
      'Page Facebook du pôle (Facebook)',
      'Page LinkedIn du pôle (LinkedIn)',
    ]);
  });

  it('counts a post featuring two enterprises in full for each, in its own territory', async () => {
    const a = await get(admin, `month=2026-10&enterpriseId=${w.a}`);
    expect(a.body.totals).toMatchObject({ posts: 3, views: 8000 });
    expect(a.body.byTerritory).toEqual([expect.objectContaining({ label: 'Sherbrooke', views: 8000 })]);
    const b = await get(admin, `month=2026-10&enterpriseId=${w.b}`);
    expect(b.body.totals).toMatchObject({ posts: 1, views: 1000 });
    expect(b.body.byTerritory).toEqual([expect.objectContaining({ label: 'Memphrémagog', views: 1000 })]);
    const linkedin = await get(admin, `month=2026-10&platform=linkedin&channelId=${w.linkedin}`);
    expect(linkedin.body.totals).toMatchObject({ posts: 1, views: 1000 });
  });

  it('lists the top posts by views with their thumbnail, permalink and caption', async () => {
    const res = await get(admin, 'month=2026-10');
    const top = res.body.topPosts as Record<string, unknown>[];
    expect(top.map((p) => p.publicationId)).toEqual([posts.pf, posts.p3, posts.p1]);
    expect(top[1]).toMatchObject({
      adId: w.ads.solo,
      channelName: 'Page Facebook du pôle',
      platform: 'facebook',
      caption: 'Alpha seule',
      thumbnailUrl: 'data:image/webp;base64,UklGRg==',
      views: 3000,
      engagements: 100,
      engagementRate: 0.033333,
    });
    expect(String(top[1]!.permalink)).toMatch(/^https:\/\/example\.test\/posts\//);
  });

  it('says which metric definitions the figures were read with, in the reader’s language', async () => {
    const res = await get(admin, 'month=2026-10');
    expect(res.body.definitionIds).toEqual(['facebook:2026-06-15', 'linkedin:2023-01-01']);
    expect(res.body.definitions[0]).toContain('vues = post_media_view');
    const english = await app.createUser('strategist', { locale: 'en' });
    expect((await get(english, 'month=2026-10')).body.definitions[0]).toContain('views = post_media_view');
  });
});

describe('figures as of an instant', () => {
  it('reads each post’s latest snapshot at or before asOf and leaves out posts published after it', async () => {
    const res = await get(admin, 'month=2026-10&asOf=2026-10-25T00:00:00Z');
    expect(res.body.asOf).toBe('2026-10-25T00:00:00.000Z');
    expect(res.body.totals).toMatchObject({ posts: 2, views: 6000, engagements: 165 });
  });

  it('gives the same figures when built again, and a snapshot taken after asOf changes nothing', async () => {
    const query = 'month=2026-10&asOf=2026-11-06T00:00:00Z';
    const first = await get(admin, query);
    expect(first.body.totals).toMatchObject({ posts: 3, views: 7000 });
    await snapshot(posts.p3!, '2026-11-08T00:00:00Z', counts(2500, [25, 50, 5, 5]));
    // A publication write elsewhere: the cached figures are dropped and built again.
    await publish({
      ad: w.ads.solo,
      enterpriseIds: [w.a],
      campaign: w.campaign,
      channel: w.facebook,
      platform: 'facebook',
      publishedAt: '2025-01-15T12:00:00Z',
    });
    const again = await get(admin, query);
    expect(again.body).toEqual(first.body);
    const rebuilt = await exposure(first.body.filter, {
      asOf: new Date('2026-11-06T00:00:00Z'),
      cache: false,
    });
    expect(JSON.parse(JSON.stringify(rebuilt))).toEqual(first.body);
    const later = await get(admin, 'month=2026-10&asOf=2026-11-09T00:00:00Z');
    expect(later.body.totals).toMatchObject({ views: 7500 });
  });

  it('answers the same after the month rows were read ahead of time', async () => {
    const cold = await get(admin, 'month=2026-03');
    expect(await warmExposure()).toBeGreaterThanOrEqual(10);
    expect((await get(admin, 'month=2026-03')).body.totals).toEqual(cold.body.totals);
  });

  it('shows a post published after figures were cached', async () => {
    expect((await get(admin, 'month=2026-07')).body).toMatchObject({ empty: 'no-publications' });
    await publish({
      ad: w.ads.solo,
      enterpriseIds: [w.a],
      campaign: w.campaign,
      channel: w.facebook,
      platform: 'facebook',
      publishedAt: '2026-07-10T12:00:00Z',
      metrics: counts(10, [1, 0, 0, 0]),
    });
    const res = await get(admin, 'month=2026-07');
    expect(res.body.totals).toMatchObject({ posts: 1, views: 10 });
    expect(res.body.empty).toBeUndefined();
  });
  it('shows metrics the stats collector bulk-writes without touching updatedAt', async () => {
    const before = await get(admin, 'month=2026-07');
    expect(before.body.totals).toMatchObject({ posts: 1, views: 10 });
    const [post] = (await PublicationModel.find({ month: '2026-07' }, { _id: 1 }).lean()) as {
      _id: unknown;
    }[];
    await PublicationModel.bulkWrite(
      [
        {
          updateOne: {
            filter: { _id: post!._id },
            update: { $set: { metrics: { ...counts(55, [5, 0, 0, 0]), fetchedAt: new Date() } } },
          },
        },
      ],
      { ordered: false, timestamps: false },
    );
    expect((await get(admin, 'month=2026-07')).body.totals).toMatchObject({ posts: 1, views: 55 });
  });
});

describe('a long period', () => {
  it('covers 14 months of history at once, month by month', async () => {
    const res = await get(admin, 'from=2025-10-01&to=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.body.series).toHaveLength(14);
    expect(res.body.series[0]).toMatchObject({ period: '2025-10' });
    expect(res.body.series.at(-1)).toMatchObject({ period: '2026-11' });
    const october = res.body.series.find((p: { period: string }) => p.period === '2026-10');
    expect(october.views).toBe((await get(admin, 'month=2026-10')).body.totals.views);
  });
});

describe('empty periods say why', () => {
  it('a month in the future', async () => {
    const month = DateTime.now().plus({ years: 1 }).toFormat('yyyy-MM');
    const res = await get(admin, `month=${month}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ empty: 'future-period', totals: { posts: 0, views: 0 } });
  });

  it('an enterprise with no channel and nothing ever published, and a month with no publication', async () => {
    expect((await get(admin, `month=2026-10&enterpriseId=${w.c}`)).body.empty).toBe('no-channel');
    const june = await get(admin, `month=2026-06&enterpriseId=${w.a}`);
    expect(june.body).toMatchObject({ empty: 'no-publications', totals: { posts: 0 }, topPosts: [] });
  });
});

describe('who sees which figures', () => {
  it('forces a member to its own enterprise and answers 404 for another', async () => {
    const member = await app.createUser('member', { enterpriseId: w.b });
    const own = await get(member, 'month=2026-10');
    expect(own.status).toBe(200);
    expect(own.body.filter.enterpriseId).toBe(w.b);
    expect(own.body.totals).toMatchObject({ posts: 1, views: 1000 });
    expect(JSON.stringify(own.body)).not.toMatch(/Alpha seule|HYPERLINK/);
    const other = await get(member, `month=2026-10&enterpriseId=${w.a}`);
    expect(other.status).toBe(404);
    expect(other.body.error.details).toEqual([expect.objectContaining({ field: 'enterpriseId' })]);
    const csv = await member.api.get(`/api/v1/exposure.csv?month=2026-10&enterpriseId=${w.a}`);
    expect(csv.status).toBe(404);
  });

  it('answers a member 404 for a campaign or channel of another enterprise, as for an unknown one', async () => {
    const member = await app.createUser('member', { enterpriseId: w.c });
    const elsewhere = (
      await admin.api.post('/api/v1/campaigns', {
        name: 'Campagne sans Gamma',
        period: { start: '2026-10-01', end: '2026-10-31' },
        enterpriseIds: [w.a],
      })
    ).body.id;
    const campaign = await get(member, `month=2026-10&campaignId=${elsewhere}`);
    expect(campaign.status).toBe(404);
    expect(campaign.body.error.details).toEqual([expect.objectContaining({ field: 'campaignId' })]);
    const { connectSandbox } = await import('../../server/modules/channels/channel.service.js');
    const ownedByA = await connectSandbox({
      platform: 'facebook',
      name: 'Page d’Alpha',
      owner: { kind: 'enterprise', enterpriseId: w.a },
    });
    const channel = await get(member, `month=2026-10&channelId=${ownedByA.id}`);
    expect(channel.status).toBe(404);
    expect(channel.text).not.toContain('Page d’Alpha');
    expect((await get(admin, `month=2026-10&channelId=${ownedByA.id}`)).status).toBe(200);
    expect((await get(member, `month=2026-10&channelId=${w.facebook}`)).status).toBe(200);
  });
});

describe('bad input', () => {
  it.each([
    ['month=2026-13', 400, 'month'],
    ['month=octobre', 400, 'month'],
    ['from=2026-02-30&to=2026-03-03', 400, 'from'],
    ['from=2026-03-10&to=2026-03-01', 400, 'to'],
    ['from=2024-01-01&to=2026-03-01', 400, 'to'],
    ['from=2026-03-01', 400, 'to'],
    ['month=2026-03&from=2026-03-01&to=2026-03-02', 400, 'month'],
    ['month=2026-03&platform=myspace', 400, 'platform'],
    ['month=2026-03&enterpriseId=abc', 400, 'enterpriseId'],
    ['month=2026-03&asOf=hier', 400, 'asOf'],
    ['month=2026-03&colour=red', 400, 'colour'],
    ['month=2026-03&campaignId=0123456789abcdef01234567', 404, 'campaignId'],
    ['month=2026-03&channelId=0123456789abcdef01234567', 404, 'channelId'],
    ['month=2026-03&enterpriseId=0123456789abcdef01234567', 404, 'enterpriseId'],
  ])('%s answers %i naming %s', async (query, status, field) => {
    const res = await get(admin, query);
    expect(res.status).toBe(status);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('CSV export', () => {
  it('holds the same figures, neutralises a caption written as a formula, and starts with a BOM', async () => {
    const res = await admin.api.get('/api/v1/exposure.csv?month=2026-10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('exposition-2026-10-01_2026-10-31.csv');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(res.bytes, { bom: true, relax_column_count: true }) as string[][];
    expect(rows[0]!.slice(0, 7)).toEqual([
      'section',
      'période',
      'clé',
      'libellé',
      'publicités publiées',
      'publications',
      'vues',
    ]);
    expect(rows[1]).toEqual([
      'total',
      '2026-10-01..2026-10-31',
      '',
      'Total',
      '3',
      '3',
      '8000',
      '8000',
      '240',
      '80',
      '0.03',
    ]);
    const top = rows.filter((r) => r[0] === 'meilleure publication');
    expect(top[0]![3]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(top.map((r) => r[2])).toEqual([posts.pf, posts.p3, posts.p1]);
    const bare = await admin.api.get('/api/v1/exposure.csv?month=2026-10&bom=0');
    expect(bare.bytes[0]).toBe('s'.charCodeAt(0));
  });
});
