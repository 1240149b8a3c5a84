import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQueue } from '../../server/lib/queues.js';
import { PublicationModel } from '../../server/modules/scheduling/publication.model.js';
import { MetricSnapshotModel } from '../../server/modules/statistics/metric-snapshot.model.js';
import { placePastPosts } from '../../server/simulator/store/accounts.js';
import { SimFault } from '../../server/simulator/store/sim.models.js';
import { countedSoFar } from '../../server/simulator/store/sim.store.js';
import { collectDueStats } from '../../server/use-cases/collect-stats.js';
import { STATS_SCHEDULER_ID } from '../../workers/stats.worker.js';
import {
  adFor,
  type Hub,
  sandboxChannel,
  schedule,
  settled,
  startHub,
  type TestChannel,
} from './publishing.helpers.js';

const HOUR = 3_600_000;
let hub: Hub;
let facebook: TestChannel;
let linkedin: TestChannel;
let adId: string;

beforeAll(async () => {
  // A tick far away: the tests run the collection themselves, at the instants they choose.
  hub = await startHub({ env: { STATS_TICK_MS: String(24 * HOUR) } });
  facebook = await sandboxChannel(hub, 'facebook', 'Page stats A');
  linkedin = await sandboxChannel(hub, 'linkedin', 'Organisation stats');
  adId = await adFor(hub, 'Des chiffres pour les bailleurs');
});
afterAll(() => hub?.app.close());

/**
 * Publications already published `ageMs` ago on a channel, whose posts exist in the simulator,
 * due for stats now. Returns their ids.
 */
async function published(
  channel: TestChannel,
  count: number,
  ageMs: number,
  metrics?: Record<string, number>,
) {
  const publishedAt = new Date(Date.now() - ageMs);
  const postIds = await placePastPosts(
    Array.from({ length: count }, (_v, i) => ({
      platform: channel.platform,
      accountId: channel.externalId,
      message: `Historique ${i}`,
      publishAt: publishedAt,
    })),
  );
  const docs = postIds.map((postId, i) => ({
    adId: new Types.ObjectId(adId),
    channelId: new Types.ObjectId(channel.id),
    campaignId: new Types.ObjectId(hub.campaignId),
    enterpriseIds: [new Types.ObjectId(hub.enterpriseId)],
    platform: channel.platform,
    format: 'facebook',
    scheduledAt: new Date(publishedAt.getTime() - i - Math.floor(Math.random() * 1e9)),
    status: 'published',
    platformPostId: postId,
    publishedAt,
    month: '2026-11',
    statsDueAt: new Date(Date.now() - 1000),
    ...(metrics ? { metrics } : {}),
  }));
  const inserted = await PublicationModel.insertMany(docs);
  return inserted.map((d) => String(d._id));
}

const pub = (id: string) => PublicationModel.findById(id).lean();
const snapshots = (id: string) =>
  MetricSnapshotModel.find({ publicationId: new Types.ObjectId(id) })
    .sort({ at: 1 })
    .lean();

/** Calls the simulator answered for the sandbox Facebook app (X-App-Usage's count), this hour. */
const graphCalls = () => countedSoFar('fb-app:');

const linkedinCalls = (org: string) => countedSoFar(`li-day:${org}:`);

describe('stats collection', () => {
  it('registers the stats job scheduler at the configured interval', async () => {
    const scheduler = await getQueue('stats').getJobScheduler(STATS_SCHEDULER_ID);
    expect(scheduler?.every).toBe(24 * HOUR);
  });

  it('a post published by the engine is due an hour later; read, it gets a snapshot with its definitions and its metrics', async () => {
    const [id] = await schedule(hub, adId, [facebook.id], 1500);
    const done = await settled(hub, id!, ['published', 'failed']);
    expect(done.status).toBe('published');
    const stored = await pub(id!);
    expect(stored!.statsDueAt!.getTime()).toBe(stored!.publishedAt!.getTime() + HOUR);
    // Nothing is read before it is due.
    expect((await collectDueStats()).claimed).toBe(0);
    const at = new Date(stored!.statsDueAt!.getTime() + 1000);
    const result = await collectDueStats({ now: at });
    expect(result).toMatchObject({ claimed: 1, read: 1, snapshots: 1 });
    const [snap] = await snapshots(id!);
    expect(snap!.definitions).toBe('facebook:2026-06-15');
    expect(snap!.at.getTime()).toBe(at.getTime());
    expect(String(snap!.channelId)).toBe(facebook.id);
    expect((snap!.enterpriseIds ?? []).map(String)).toEqual([hub.enterpriseId]);
    const after = await pub(id!);
    expect(after!.metrics).toMatchObject({ views: snap!.metrics.views, clicks: snap!.metrics.clicks });
    expect(after!.metrics!.fetchedAt!.getTime()).toBe(at.getTime());
    // Hourly in the first 48 h.
    expect(after!.statsDueAt!.getTime()).toBe(at.getTime() + HOUR);
  });

  it('reads 25 Facebook posts in one HTTP call and 20 LinkedIn posts in one call', async () => {
    const fb = await published(facebook, 25, 3 * 86_400_000);
    const li = await published(linkedin, 20, 3 * 86_400_000);
    await hub.sandbox.fault('linkedin', linkedin.externalId, { callBudget: 100_000 });
    const graphBefore = await graphCalls();
    const result = await collectDueStats();
    expect(result.read).toBe(45);
    expect((await graphCalls()) - graphBefore).toBe(1);
    expect(await linkedinCalls(linkedin.externalId)).toBe(1);
    for (const id of [...fb, ...li]) {
      const p = await pub(id);
      expect(p!.metrics!.views).toBeGreaterThan(0);
      // 3 days old: every 6 hours.
      expect(p!.statsDueAt!.getTime() - p!.metrics!.fetchedAt!.getTime()).toBe(6 * HOUR);
      expect(await snapshots(id)).toHaveLength(1);
    }
    const liSnap = (await snapshots(li[0]!))[0]!;
    expect(liSnap.definitions).toBe('linkedin:2023-01-01');
    await hub.sandbox.clearFaults('linkedin', linkedin.externalId);
  });

  it('a throttled channel waits its regain time, without calling again, and the other channels are read', async () => {
    const other = await sandboxChannel(hub, 'facebook', 'Page stats B');
    const throttled = await published(facebook, 3, 5 * 86_400_000, { views: 50, reach: 40, clicks: 2 });
    const fine = await published(other, 3, 5 * 86_400_000);
    await hub.sandbox.fault('facebook', facebook.externalId, { burst429: 5 });
    const first = await collectDueStats();
    expect(first.throttledChannels).toBe(1);
    // The batch's insight and count reads of the page are throttled (one or both of the burst's answers).
    const burstLeft = async () =>
      (await SimFault.findById(`facebook:${facebook.externalId}`).lean())!.burst429;
    const afterFirst = await burstLeft();
    expect(afterFirst).toBeGreaterThanOrEqual(3);
    expect(afterFirst).toBeLessThan(5);
    for (const id of fine) expect((await pub(id))!.metrics!.views).toBeGreaterThan(0);
    for (const id of throttled) {
      const p = await pub(id);
      // Good values kept, no snapshot, due again after the regain time (≥ 1 min), not now.
      expect(p!.metrics).toMatchObject({ views: 50, reach: 40, clicks: 2 });
      expect(await snapshots(id)).toHaveLength(0);
      expect(p!.statsDueAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    }
    // Due again by force: the channel is still paused, so the platform is not called.
    await PublicationModel.bulkWrite([
      {
        updateMany: {
          filter: { _id: { $in: throttled.map((id) => new Types.ObjectId(id)) } },
          update: { $set: { statsDueAt: new Date(Date.now() - 1000) } },
        },
      },
    ]);
    const second = await collectDueStats();
    expect(second).toMatchObject({ claimed: 3, read: 0, throttledChannels: 1 });
    // Not one more throttled answer taken: the platform was not called (the fault's stored counter).
    expect(await burstLeft()).toBe(afterFirst);
    await hub.sandbox.clearFaults('facebook', facebook.externalId);
  });

  it('a negative LinkedIn like count counts as 0 for that post, in reactions and in the rate', async () => {
    const [id] = await published(linkedin, 1, 10 * 86_400_000);
    await hub.sandbox.fault('linkedin', linkedin.externalId, { likesWithdrawn: 1_000_000 });
    await collectDueStats();
    const p = await pub(id!);
    const m = p!.metrics!;
    expect(m.views).toBeGreaterThan(0);
    expect(m.reactions).toBe(0);
    expect(m.engagementRate).toBeCloseTo((m.clicks + m.comments + m.shares) / m.views, 3);
    const [snap] = await snapshots(id!);
    expect(snap!.metrics.reactions).toBe(0);
    await hub.sandbox.clearFaults('linkedin', linkedin.externalId);
  });

  it('stops reading a post at 90 days, with a last read on the day', async () => {
    const [id] = await published(linkedin, 1, 89.5 * 86_400_000);
    await collectDueStats();
    const p = await pub(id!);
    expect(p!.statsDueAt!.getTime()).toBe(p!.publishedAt!.getTime() + 90 * 86_400_000);
    await collectDueStats({ now: new Date(p!.statsDueAt!.getTime() + 1) });
    const last = await pub(id!);
    expect(last!.statsDueAt).toBeUndefined();
    expect(await snapshots(id!)).toHaveLength(2);
  });

  // Last: the adapter remembers a rejected metric for the rest of the process.
  it('a rejected metric leaves the others, and keeps its own last value', async () => {
    // A page of its own: the first one may still be paused by the throttle above.
    const page = await sandboxChannel(hub, 'facebook', 'Page stats C');
    const [id] = await published(page, 1, 4 * 86_400_000, { views: 777, reach: 1, clicks: 0 });
    await hub.sandbox.fault('facebook', page.externalId, { rejectMetrics: ['post_media_view'] });
    await collectDueStats();
    const m = (await pub(id!))!.metrics!;
    expect(m.views).toBe(777);
    expect(m.reach).toBeGreaterThan(1);
    expect(m.clicks + m.reactions).toBeGreaterThan(0);
    const [snap] = await snapshots(id!);
    expect(snap!.metrics.views).toBe(777);
    await hub.sandbox.clearFaults('facebook', page.externalId);
  });
});
