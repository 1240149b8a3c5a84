/**
 * The reports benchmark's data: enterprises, campaigns, channels and ads through their
 * services; 50,000 published publications and 500,000 snapshots straight into the collections
 * (bulk), 14 months of them, the most recent 10,000 with their posts in the simulator and
 * their stats due now.
 */
import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import type { Config } from '../../server/config/index.js';
import { mongoDb } from '../../server/lib/mongo.js';
import { getQueue } from '../../server/lib/queues.js';
import { createAd } from '../../server/modules/ads/ad.service.js';
import { createCampaign } from '../../server/modules/campaigns/campaign.service.js';
import { connectSandbox } from '../../server/modules/channels/channel.service.js';
import { createEnterprise } from '../../server/modules/enterprises/enterprise.service.js';
import { metricDefinitions } from '../../server/modules/statistics/metric-definitions.js';
import { systemUser } from '../../server/modules/users/user.service.js';
import { postMetrics } from '../../server/simulator/metrics.js';
import { placePastPosts } from '../../server/simulator/store/accounts.js';

const DAY = 86_400_000;
const TERRITORIES = ['Sherbrooke', 'Memphrémagog', 'Coaticook', 'Le Granit', 'Les Sources'] as const;

export interface SeedSizes {
  enterprises: number;
  channels: number;
  publications: number;
  snapshotsPerPublication: number;
  /** The most recent publications, whose stats are due at the end of seeding. */
  due: number;
}

export interface Seeded {
  enterpriseIds: string[];
  /** Hub-local months holding publications, oldest first. */
  months: string[];
}

async function services(config: Config, sizes: SeedSizes) {
  const now = DateTime.now().setZone(config.HUB_TIMEZONE);
  const enterpriseIds: string[] = [];
  for (let i = 0; i < sizes.enterprises; i += 1) {
    const e = await createEnterprise(systemUser, {
      name: `Coop du banc ${i}`,
      legalForm: 'worker_coop',
      territory: TERRITORIES[i % TERRITORIES.length]!,
      sector: 'food',
    });
    enterpriseIds.push(e.id);
  }
  const campaigns: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const c = await createCampaign(systemUser, {
      name: `Campagne du banc ${i}`,
      period: { start: now.minus({ months: 15 }).toISODate()!, end: now.plus({ months: 1 }).toISODate()! },
      enterpriseIds: enterpriseIds.filter((_e, j) => j % 10 === i),
    });
    campaigns.push(c.id);
  }
  const channels: { id: string; externalId: string; platform: 'facebook' | 'linkedin' }[] = [];
  for (let i = 0; i < sizes.channels; i += 1) {
    const platform = i % 2 === 0 ? 'facebook' : 'linkedin';
    const c = await connectSandbox({ platform, name: `Banc ${platform} ${i}` });
    channels.push({ id: c.id, externalId: c.externalId, platform });
  }
  const ads: { id: string; campaignId: string; enterpriseId: string }[] = [];
  for (const [i, enterpriseId] of enterpriseIds.entries()) {
    const campaignId = campaigns[i % campaigns.length]!;
    const ad = await createAd(systemUser, {
      campaignId,
      enterpriseIds: [enterpriseId],
      templateId: 'vitrine-produit',
      fields: { headline: 'Du pain pour tous' },
      caption: { default: `Annonce ${i} du banc d’essai` },
    });
    ads.push({ id: ad.id, campaignId, enterpriseId });
  }
  // No worker here: the render jobs createAd queued are dropped.
  await getQueue('render').obliterate({ force: true });
  return { enterpriseIds, channels, ads };
}

/** Seeds everything; `log` reports progress. */
export async function seedReports(
  config: Config,
  sizes: SeedSizes,
  log: (line: string) => void,
): Promise<Seeded> {
  const { enterpriseIds, channels, ads } = await services(config, sizes);
  log(`${sizes.enterprises} enterprises, ${sizes.channels} channels, ${ads.length} ads`);
  const zone = config.HUB_TIMEZONE;
  const now = Date.now();
  const oldest = DateTime.fromMillis(now, { zone }).startOf('month').minus({ months: 13 }).toMillis();
  const span = now - DAY - oldest;
  const months = new Set<string>();
  const created = new Date();
  const pubs = mongoDb().collection('publications');
  const snaps = mongoDb().collection('metricsnapshots');
  let snapshotCount = 0;
  for (let i = 0; i < sizes.publications; i += 2_000) {
    const count = Math.min(2_000, sizes.publications - i);
    // Newest last: the final `due` publications are the last 60 days.
    const rows = Array.from({ length: count }, (_v, j) => {
      const n = i + j;
      const recent = n >= sizes.publications - sizes.due;
      const at = recent
        ? now - DAY - ((sizes.publications - n) / sizes.due) * 60 * DAY
        : oldest + (n / (sizes.publications - sizes.due)) * (span - 60 * DAY);
      return { n, recent, publishedAt: new Date(Math.floor(at)) };
    });
    const placed = await placePastPosts(
      rows
        .filter((r) => r.recent)
        .map((r) => {
          const channel = channels[r.n % channels.length]!;
          return {
            platform: channel.platform,
            accountId: channel.externalId,
            message: `Bench ${r.n}`,
            publishAt: r.publishedAt,
          };
        }),
    );
    let k = 0;
    const docs = rows.map((r) => {
      const channel = channels[r.n % channels.length]!;
      const ad = ads[(r.n * 7) % ads.length]!;
      const postId = r.recent ? placed[k++]! : `${channel.platform}-bench-${r.n}`;
      const month = DateTime.fromJSDate(r.publishedAt, { zone }).toFormat('yyyy-MM');
      months.add(month);
      return { r, channel, ad, postId, month, _id: new Types.ObjectId() };
    });
    await pubs.insertMany(
      docs.map((d) => ({
        _id: d._id,
        adId: new Types.ObjectId(d.ad.id),
        channelId: new Types.ObjectId(d.channel.id),
        campaignId: new Types.ObjectId(d.ad.campaignId),
        enterpriseIds: [new Types.ObjectId(d.ad.enterpriseId)],
        platform: d.channel.platform,
        format: d.channel.platform,
        scheduledAt: d.r.publishedAt,
        status: 'published',
        fence: 0,
        attempts: 0,
        verifyTries: 0,
        platformPostId: d.postId,
        permalink: `https://example.org/${d.postId}`,
        publishedAt: d.r.publishedAt,
        month: d.month,
        metrics: {
          ...metricsAt(d.postId, d.r.publishedAt, new Date(now - DAY)),
          fetchedAt: new Date(now - DAY),
        },
        ...(d.r.recent ? { statsDueAt: new Date(now - 60_000) } : {}),
        createdAt: created,
        updatedAt: created,
      })),
    );
    const snapshots = docs.flatMap((d) =>
      Array.from({ length: sizes.snapshotsPerPublication }, (_v, s) => {
        const at = new Date(d.r.publishedAt.getTime() + (s + 1) * 6 * 3_600_000);
        return {
          publicationId: d._id,
          at,
          metrics: { ...metricsAt(d.postId, d.r.publishedAt, at), fetchedAt: at },
          definitions: metricDefinitions(d.channel.platform, at),
          channelId: new Types.ObjectId(d.channel.id),
          platform: d.channel.platform,
          enterpriseIds: [new Types.ObjectId(d.ad.enterpriseId)],
          month: d.month,
        };
      }),
    );
    for (let s = 0; s < snapshots.length; s += 10_000) {
      await snaps.insertMany(snapshots.slice(s, s + 10_000), { ordered: false });
    }
    snapshotCount += snapshots.length;
    if ((i / 2_000) % 5 === 4) log(`${i + count} publications, ${snapshotCount} snapshots`);
  }
  return { enterpriseIds, months: [...months].sort() };
}

function metricsAt(postId: string, publishedAt: Date, at: Date) {
  const m = postMetrics(postId, publishedAt, at);
  const engaged = m.clicks + m.reactions + m.comments + m.shares;
  return {
    views: m.views,
    reach: m.uniqueViews,
    clicks: m.clicks,
    reactions: m.reactions,
    comments: m.comments,
    shares: m.shares,
    engagementRate: m.views > 0 ? Math.round((engaged / m.views) * 10_000) / 10_000 : 0,
  };
}
