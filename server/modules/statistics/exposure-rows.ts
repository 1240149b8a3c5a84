import { config } from '../../config/index.js';
import { sharedCache } from '../../lib/cache.js';
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
  month: string,
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
    p.month,
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
  const m = r[10];
  return {
    id: r[0],
    adId: r[1],
    channelId: r[2],
    campaignId: r[3],
    enterpriseIds: r[4],
    platform: r[5],
    format: r[6],
    publishedAt: new Date(r[7]),
    month: r[8],
    permalink: r[9],
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
const loading = new Map<string, Promise<Map<string, PublishedPost[]>>>();
/** Parsed rows of the last months read by this process (a month of the hub is ~1 MB of JSON). */
const parsed = sharedCache<PublishedPost[]>('exposure-months', (posts) => 200 + posts.length * 700);

/** A month's rows, or one enterprise's rows of that month (what a member or a report reads). */
const slot = (month: string, enterpriseId?: string) => (enterpriseId ? `${month}:e:${enterpriseId}` : month);
const slotKey = (generation: string, name: string) =>
  `${config().REDIS_PREFIX}:exposure:${generation}:month:${name}`;
const loadedKey = (generation: string) => `${config().REDIS_PREFIX}:exposure:${generation}:months-loaded`;

function push(map: Map<string, PublishedPost[]>, key: string, post: PublishedPost) {
  const list = map.get(key);
  if (list) list.push(post);
  else map.set(key, [post]);
}

/**
 * Every published post, read in one query (one scan on FerretDB rather than one per month)
 * and kept by month and by month and enterprise under this generation; concurrent callers of
 * a process share the read.
 */
function loadAll(generation: string): Promise<Map<string, PublishedPost[]>> {
  let pending = loading.get(generation);
  if (!pending) {
    pending = (async () => {
      const slots = new Map<string, PublishedPost[]>();
      for (const post of await findPublishedPosts(ALL_TIME)) {
        push(slots, slot(post.month), post);
        for (const e of new Set(post.enterpriseIds)) push(slots, slot(post.month, e), post);
      }
      try {
        const pipeline = redis().pipeline();
        for (const [name, posts] of slots)
          pipeline.set(slotKey(generation, name), JSON.stringify(posts.map(toRow)), 'EX', TTL_SECONDS);
        pipeline.set(loadedKey(generation), '1', 'EX', TTL_SECONDS);
        await pipeline.exec();
      } catch (err) {
        logger.warn({ err }, 'exposure month rows not kept in Redis');
      }
      return slots;
    })().finally(() => loading.delete(generation));
    loading.set(generation, pending);
  }
  return pending;
}

/**
 * Reads every published post into the month rows of this generation now, so that the first
 * page view after start or after a write does not wait for FerretDB's scan (benchmarks, start-up).
 */
export async function warmExposureRows(generation: string): Promise<number> {
  const slots = await loadAll(generation);
  return [...slots.keys()]
    .filter((name) => !name.includes(':e:'))
    .reduce((n, m) => n + (slots.get(m)?.length ?? 0), 0);
}

/**
 * These months' posts (of one enterprise, when given): parsed in this process, else from Redis
 * under this generation (a slot absent once all were loaded is empty), else all months from
 * MongoDB at once; without a generation, MongoDB.
 */
async function monthsPosts(
  months: string[],
  generation: string | undefined,
  enterpriseId?: string,
): Promise<PublishedPost[][]> {
  if (generation === undefined) return [await findPublishedPosts({ months, enterpriseId, ...ALL_TIME })];
  const names = months.map((m) => slot(m, enterpriseId));
  const local = names.map((name) => parsed.get(`${generation}:${name}`));
  if (local.every(Boolean)) return local as PublishedPost[][];
  try {
    const [loaded, ...held] = await redis().mget(
      loadedKey(generation),
      ...names.map((n) => slotKey(generation, n)),
    );
    if (loaded === '1') {
      return held.map((h, i) => {
        const posts = h ? (JSON.parse(h) as Row[]).map(fromRow) : [];
        parsed.set(`${generation}:${names[i]}`, posts);
        return posts;
      });
    }
  } catch (err) {
    logger.warn({ err }, 'exposure month rows unavailable in Redis');
  }
  const all = await loadAll(generation);
  return names.map((name) => all.get(name) ?? []);
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
  const all = await monthsPosts(months, generation, filter.enterpriseId);
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
