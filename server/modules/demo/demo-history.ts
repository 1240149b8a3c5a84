import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { hubMonth } from '../../lib/hub-time.js';
import { logger } from '../../lib/logger.js';
import { postMetrics } from '../../simulator/metrics.js';
import { placePastPosts } from '../../simulator/store/accounts.js';
import { type Ad, listAdsOfCampaign } from '../ads/ad.service.js';
import { listCampaigns } from '../campaigns/campaign.service.js';
import { engagementRate, type Platform } from '../channels/adapters/platform.types.js';
import { listChannels, type PublicChannel } from '../channels/channel.service.js';
import {
  hasPublishedBefore,
  insertPastPublications,
  type PastPublication,
} from '../scheduling/publication-stats.service.js';
import { metricDefinitions } from '../statistics/metric-definitions.js';
import { appendSnapshots, type NewSnapshot, type SnapshotMetrics } from '../statistics/snapshot.service.js';
import { nextStatsDue, statsCadence } from '../statistics/stats-cadence.js';
import { systemUser } from '../users/user.service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Months of history before the current one. */
const MONTHS = 14;
/** Posts a month, over the hub's channels. */
const POSTS_PER_MONTH = 14;
/** Ages at which each post was read: the stats cadence's shape, thinned out. */
const READ_AGES = [1, 3, 6, 12, 24, 36, 48, 72, 96, 144, 168, 240, 336, 504, 720, 1080, 1440, 1800, 2160].map(
  (h) => h * HOUR,
);

/** Fractions in [0, 1) drawn from a label, so the history is the same on every install. */
function draw(label: string): number {
  return createHash('sha256').update(label).digest().readUInt32BE(0) / 2 ** 32;
}

/** The simulator's model of a post's lifetime counts at `at`, in the snapshots' shape. */
export function simulatedMetrics(postId: string, publishedAt: Date, at: Date): SnapshotMetrics {
  const m = postMetrics(postId, publishedAt, at);
  const counts = {
    views: m.views,
    clicks: m.clicks,
    reactions: m.reactions,
    comments: m.comments,
    shares: m.shares,
  };
  return { ...counts, reach: m.uniqueViews, engagementRate: engagementRate(counts) };
}

interface Slot {
  ad: Ad;
  channel: PublicChannel;
  publishedAt: Date;
}

/** Where and when the history's posts went out: spread over each month, hub time, 8:00–18:59. */
function plan(ads: Ad[], channels: PublicChannel[], now: Date): Slot[] {
  const zone = config().HUB_TIMEZONE;
  const start = DateTime.fromJSDate(now, { zone }).startOf('month').minus({ months: MONTHS });
  const slots: Slot[] = [];
  const taken = new Set<string>();
  for (let m = 0; m <= MONTHS; m++) {
    const month = start.plus({ months: m });
    for (let i = 0; i < POSTS_PER_MONTH; i++) {
      const label = `${month.toISODate()}#${i}`;
      const ad = ads[Math.floor(draw(`ad ${label}`) * ads.length)]!;
      const fits = channels.filter(
        (c) => c.owner.kind === 'hub' || ad.enterpriseIds.includes(c.owner.enterpriseId),
      );
      const channel = fits[Math.floor(draw(`channel ${label}`) * fits.length)];
      const day = 1 + Math.floor(draw(`day ${label}`) * month.daysInMonth!);
      const at = month.set({ day, hour: 8 + Math.floor(draw(`hour ${label}`) * 11), minute: 5 * (i % 12) });
      const key = `${ad.id}|${channel?.id}|${at.toMillis()}`;
      // Only what is at least a day old: the collector reads anything newer itself.
      if (!channel || at.toMillis() > now.getTime() - DAY || taken.has(key)) continue;
      taken.add(key);
      slots.push({ ad, channel, publishedAt: at.toJSDate() });
    }
  }
  return slots;
}

/**
 * Gives a fresh demo install 14 months of history: published publications of the demo ads on
 * the sandbox channels, spread over each month (hub time), with their posts placed in the
 * simulator and snapshots read along the stats cadence from the simulator's own metrics model
 * (so a later read by the collector continues the same curve). Runs once, when nothing was
 * published before yesterday; bulk inserts only. Returns the number of publications created.
 */
export async function seedDemoHistoryIfNone(now = new Date()): Promise<number> {
  if (!config().DEMO_DATA || (await hasPublishedBefore(new Date(now.getTime() - DAY)))) return 0;
  const channels = (await listChannels()).filter((c) => c.mode === 'sandbox' && c.status === 'connected');
  const campaigns = (await listCampaigns(systemUser, { limit: 100 })).data;
  const ads = (await Promise.all(campaigns.map((c) => listAdsOfCampaign(c.id)))).flat();
  if (channels.length === 0 || ads.length === 0) return 0;
  const slots = plan(ads, channels, now);
  const postIds = await placePastPosts(
    slots.map((s) => ({
      platform: s.channel.platform,
      accountId: s.channel.externalId,
      message: s.ad.caption[s.channel.platform] ?? s.ad.caption.default,
      publishAt: s.publishedAt,
    })),
  );
  const cadence = statsCadence();
  const base = `${config().publicUrl}/sandbox/feeds`;
  const publications: PastPublication[] = [];
  const readsOf: Date[][] = [];
  slots.forEach((s, i) => {
    const postId = postIds[i]!;
    const reads = READ_AGES.map((age) => new Date(s.publishedAt.getTime() + age)).filter((at) => at <= now);
    const last = reads.at(-1) ?? s.publishedAt;
    readsOf.push(reads);
    publications.push({
      adId: s.ad.id,
      channelId: s.channel.id,
      campaignId: s.ad.campaignId,
      enterpriseIds: s.ad.enterpriseIds,
      platform: s.channel.platform,
      format: s.channel.platform,
      publishedAt: s.publishedAt,
      platformPostId: postId,
      permalink: `${base}/${s.channel.platform}/${encodeURIComponent(s.channel.externalId)}#${postId}`,
      metrics: { ...simulatedMetrics(postId, s.publishedAt, last), fetchedAt: last },
      statsDueAt: nextStatsDue(s.publishedAt, last, cadence),
    });
  });
  const ids = await insertPastPublications(publications);
  const snapshots: NewSnapshot[] = publications.flatMap((p, i) =>
    readsOf[i]!.map((at) => ({
      publicationId: ids[i]!,
      at,
      metrics: simulatedMetrics(p.platformPostId, p.publishedAt, at),
      definitions: metricDefinitions(p.platform as Platform, at),
      channelId: p.channelId,
      platform: p.platform,
      enterpriseIds: p.enterpriseIds,
      month: hubMonth(p.publishedAt),
    })),
  );
  const written = await appendSnapshots(snapshots);
  logger.info({ publications: ids.length, snapshots: written }, 'demo history ready');
  return ids.length;
}
