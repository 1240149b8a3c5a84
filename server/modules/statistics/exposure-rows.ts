import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import { findPublishedPosts, type PublishedPost } from '../scheduling/published-posts.js';
import type { ExposureFilter } from './exposure.types.js';

/**
 * The published posts of whole hub-local months, kept in Redis under the cache generation
 * (exposure-cache.ts) so that every filter of a month (an enterprise, a campaign, a channel)
 * is worked out from one read of that month: FerretDB's SQLite backend filters anything but
 * `_id` in Go over the whole collection, so each query costs a scan of every publication,
 * and the month is read from MongoDB once per generation instead of once per request.
 */
const TTL_SECONDS = 600;

type Row = [
  id: string,
  adId: string,
  channelId: string,
  campaignId: string,
  enterpriseIds: string[],
  platform: PublishedPost['platform'],
  format: string,
  publishedAtMs: number,
  permalink: string | null,
  metrics: [number, number, number, number, number, number, number | null, string | null] | null,
];

const num = (n: number | null | undefined) => (typeof n === 'number' ? n : 0);

function toRow(p: PublishedPost): Row {
  const m = p.metrics;
  return [
    p.id,
    p.adId,
    p.channelId,
    p.campaignId,
    p.enterpriseIds,
    p.platform,
    p.format,
    p.publishedAt.getTime(),
    p.permalink,
    m
      ? [
          num(m.views),
          num(m.reach),
          num(m.clicks),
          num(m.reactions),
          num(m.comments),
          num(m.shares),
          m.fetchedAt ? new Date(m.fetchedAt).getTime() : null,
          m.definitions ?? null,
        ]
      : null,
  ];
}

function fromRow(r: Row): PublishedPost {
  const m = r[9];
  return {
    id: r[0],
    adId: r[1],
    channelId: r[2],
    campaignId: r[3],
    enterpriseIds: r[4],
    platform: r[5],
    format: r[6],
    publishedAt: new Date(r[7]),
    permalink: r[8],
    metrics: m
      ? {
          views: m[0],
          reach: m[1],
          clicks: m[2],
          reactions: m[3],
          comments: m[4],
          shares: m[5],
          ...(m[6] !== null ? { fetchedAt: new Date(m[6]) } : {}),
          ...(m[7] !== null ? { definitions: m[7] } : {}),
        }
      : null,
  };
}

const ALL_TIME = { startMs: Number.MIN_SAFE_INTEGER, endMs: Number.MAX_SAFE_INTEGER };

/** One month's posts: from Redis under this generation, else MongoDB (then kept); without a generation, MongoDB. */
async function monthPosts(month: string, generation: string | undefined): Promise<PublishedPost[]> {
  if (generation === undefined) return findPublishedPosts({ months: [month], ...ALL_TIME });
  const key = `${config().REDIS_PREFIX}:exposure:${generation}:month:${month}`;
  try {
    const held = await redis().get(key);
    if (held) return (JSON.parse(held) as Row[]).map(fromRow);
  } catch (err) {
    logger.warn({ err }, 'exposure month rows unavailable in Redis');
  }
  const posts = await findPublishedPosts({ months: [month], ...ALL_TIME });
  await redis()
    .set(key, JSON.stringify(posts.map(toRow)), 'EX', TTL_SECONDS)
    .catch(() => undefined);
  return posts;
}

/**
 * The posts published within [startMs, endMs) that match the filter's enterprise, campaign,
 * channel and platform, read month by month (`months`, hub-local "YYYY-MM").
 */
export async function postsOf(
  months: string[],
  range: { startMs: number; endMs: number },
  filter: ExposureFilter,
  generation: string | undefined,
): Promise<PublishedPost[]> {
  const all = await Promise.all(months.map((m) => monthPosts(m, generation)));
  return all
    .flat()
    .filter(
      (p) =>
        p.publishedAt.getTime() >= range.startMs &&
        p.publishedAt.getTime() < range.endMs &&
        (!filter.enterpriseId || p.enterpriseIds.includes(filter.enterpriseId)) &&
        (!filter.campaignId || p.campaignId === filter.campaignId) &&
        (!filter.channelId || p.channelId === filter.channelId) &&
        (!filter.platform || p.platform === filter.platform),
    );
}
