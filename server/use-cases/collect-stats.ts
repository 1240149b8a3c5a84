import { config } from '../config/index.js';
import { withLock } from '../lib/locks.js';
import { logger } from '../lib/logger.js';
import { isAdapterError, RetryableError } from '../modules/channels/adapters/adapter-errors.js';
import {
  engagementRate,
  metricFields,
  type Platform,
  type PostMetrics,
} from '../modules/channels/adapters/platform.types.js';
import { fetchChannelMetrics } from '../modules/channels/channel-calls.service.js';
import {
  findStatsDue,
  recordStats,
  type StatsDue,
  type StatsUpdate,
  type StoredMetrics,
} from '../modules/scheduling/publication-stats.service.js';
import { metricDefinitions } from '../modules/statistics/metric-definitions.js';
import { appendSnapshots, type NewSnapshot } from '../modules/statistics/snapshot.service.js';
import { nextStatsDue, type StatsCadence, statsCadence } from '../modules/statistics/stats-cadence.js';
import { pauseStats, statsPauseLeft } from '../modules/statistics/stats-pause.js';

/** Posts per platform call: one Graph batch (25 posts, 2 reads each), one LinkedIn List of 20. */
const postsPerCall: Record<Platform, number> = { facebook: 25, linkedin: 20 };
/** The tick's lock: a second worker skips the tick; a dead holder frees it after this long. */
const TICK_LOCK_MS = 30 * 60_000;
/** After a failure that gave no wait, the post is tried again this much later (at most). */
const RETRY_MS = 30 * 60_000;
/** A throttle that says nothing of its wait pauses the channel this long. */
const DEFAULT_THROTTLE_MS = 15 * 60_000;

export interface CollectResult {
  /** Another process was running a tick: this one did nothing. */
  skipped?: true;
  claimed: number;
  /** Posts whose metrics were read (at least one figure). */
  read: number;
  snapshots: number;
  /** Posts put off: throttled channel, failed read, post not answered. */
  deferred: number;
  throttledChannels: number;
}

interface ChannelOutcome {
  updates: StatsUpdate[];
  snapshots: NewSnapshot[];
  deferred: number;
  throttled: boolean;
}

/**
 * The new values of a publication: each figure read now, else the one kept before (a
 * rejected metric or a failed count never blanks a known value), and the rate from those.
 * Undefined when nothing at all was read.
 */
export function mergeMetrics(
  previous: StoredMetrics | null,
  read: PostMetrics,
  at: Date,
): StoredMetrics | undefined {
  const missing = new Set(read.missing ?? []);
  if (metricFields.every((f) => missing.has(f))) return undefined;
  const value = (f: (typeof metricFields)[number]) => {
    const fresh = f === 'reach' ? read.reach : read[f];
    return missing.has(f) || fresh === null ? (previous?.[f] ?? 0) : Math.max(0, fresh);
  };
  const counts = {
    views: value('views'),
    clicks: value('clicks'),
    reactions: value('reactions'),
    comments: value('comments'),
    shares: value('shares'),
  };
  return { ...counts, reach: value('reach'), engagementRate: engagementRate(counts), fetchedAt: at };
}

function retryAt(pub: StatsDue, now: Date, cadence: StatsCadence, waitMs = RETRY_MS): Date | null {
  const next = nextStatsDue(pub.publishedAt, now, cadence);
  const soon = new Date(now.getTime() + waitMs);
  return next && next < soon ? next : soon;
}

/** Reads one channel's due posts, call after call, stopping at a throttle. */
async function collectChannel(
  channelId: string,
  pubs: StatsDue[],
  now: Date,
  cadence: StatsCadence,
): Promise<ChannelOutcome> {
  const out: ChannelOutcome = { updates: [], snapshots: [], deferred: 0, throttled: false };
  const defer = (list: StatsDue[], waitMs?: number) => {
    for (const p of list) out.updates.push({ id: p.id, statsDueAt: retryAt(p, now, cadence, waitMs) });
    out.deferred += list.length;
  };
  const paused = await statsPauseLeft(channelId);
  if (paused > 0) {
    defer(pubs, paused);
    out.throttled = true;
    return out;
  }
  const readable = pubs.filter((p) => p.platformPostId);
  // Marked as posted without an id: nothing to read, ever.
  for (const p of pubs) if (!p.platformPostId) out.updates.push({ id: p.id, statsDueAt: null });
  const size = postsPerCall[pubs[0]!.platform];
  for (let i = 0; i < readable.length; i += size) {
    const chunk = readable.slice(i, i + size);
    let results: Record<string, PostMetrics>;
    try {
      results = await fetchChannelMetrics(
        channelId,
        chunk.map((p) => p.platformPostId!),
      );
    } catch (err) {
      if (!isAdapterError(err)) throw err;
      if (err instanceof RetryableError && (err.retryAfterMs !== undefined || err.httpStatus === 429)) {
        // A throttle: wait what the platform says (LinkedIn's midnight reset only if it persists).
        const wait = err.waitIfPersistent
          ? Math.min(err.retryAfterMs ?? DEFAULT_THROTTLE_MS, DEFAULT_THROTTLE_MS)
          : (err.retryAfterMs ?? DEFAULT_THROTTLE_MS);
        await pauseStats(channelId, wait);
        logger.warn({ channelId, waitMs: wait, code: err.code }, 'stats throttled: channel paused');
        defer(readable.slice(i), wait);
        out.throttled = true;
        return out;
      }
      logger.warn({ channelId, err: err.toJSON() }, 'stats read failed; tried again later');
      defer(chunk);
      continue;
    }
    for (const pub of chunk) {
      const read = results[pub.platformPostId!];
      const merged = read && mergeMetrics(pub.metrics, read, now);
      if (!read) {
        defer([pub]);
        continue;
      }
      const statsDueAt = nextStatsDue(pub.publishedAt, now, cadence);
      out.updates.push({ id: pub.id, statsDueAt, ...(merged ? { metrics: merged } : {}) });
      if (!merged) continue;
      const { fetchedAt: _at, ...metrics } = merged;
      out.snapshots.push({
        publicationId: pub.id,
        at: now,
        metrics,
        definitions: metricDefinitions(pub.platform, now),
        channelId: pub.channelId,
        platform: pub.platform,
        enterpriseIds: pub.enterpriseIds,
        month: pub.month,
      });
    }
  }
  return out;
}

/** Runs `task` over `items`, at most `limit` at once. */
async function eachLimit<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Reads the metrics of the published posts that are due (statsDueAt ≤ now), channel by channel
 * (STATS_CHANNEL_CONCURRENCY at once), in as few platform calls as each allows, then appends one
 * snapshot per post read (with the metric definitions in force) and writes the latest values and
 * next due time on each publication, in bulk. A throttle pauses that channel until the platform's
 * wait is over; other channels go on. One tick at a time over all processes (a Redis lock):
 * a second worker's tick returns `skipped` rather than read the same posts. Throws on
 * Vitrine's own failures (database, Redis); posts not written yet stay due for the next tick.
 */
export async function collectDueStats(options: { now?: Date; limit?: number } = {}): Promise<CollectResult> {
  const ran = await withLock('stats-tick', TICK_LOCK_MS, () => collect(options));
  return ran ?? { skipped: true, claimed: 0, read: 0, snapshots: 0, deferred: 0, throttledChannels: 0 };
}

async function collect(options: { now?: Date; limit?: number }): Promise<CollectResult> {
  const now = options.now ?? new Date();
  const cfg = config();
  const cadence = statsCadence(cfg);
  const due = await findStatsDue(now, options.limit ?? cfg.STATS_MAX_PER_RUN);
  const byChannel = new Map<string, StatsDue[]>();
  for (const pub of due) byChannel.set(pub.channelId, [...(byChannel.get(pub.channelId) ?? []), pub]);
  const result: CollectResult = {
    claimed: due.length,
    read: 0,
    snapshots: 0,
    deferred: 0,
    throttledChannels: 0,
  };
  const writer = new OutcomeWriter(result);
  await eachLimit([...byChannel], cfg.STATS_CHANNEL_CONCURRENCY, async ([channelId, pubs]) => {
    let outcome: ChannelOutcome;
    try {
      outcome = await collectChannel(channelId, pubs, now, cadence);
    } catch (err) {
      if (!isChannelProblem(err)) throw err;
      logger.warn({ channelId, err }, 'stats: channel cannot be read; tried again later');
      outcome = { updates: [], snapshots: [], deferred: 0, throttled: false };
      for (const p of pubs) outcome.updates.push({ id: p.id, statsDueAt: retryAt(p, now, cadence) });
      outcome.deferred = pubs.length;
    }
    result.deferred += outcome.deferred;
    if (outcome.throttled) result.throttledChannels += 1;
    await writer.add(outcome);
  });
  await writer.flush();
  return result;
}

/**
 * Updates written together, in one bulk write (FerretDB 1.24 runs its statements one by one, and
 * stalled on a bulk write of 1,000 while the simulator read the same database).
 */
const WRITE_BATCH = 200;

/**
 * One writer for a whole tick: channels are read at once, but their snapshots and updates go
 * to the database in large bulk writes, one at a time. Concurrent writes into one collection
 * can exhaust FerretDB's PostgreSQL connections (each waits for the others' locks), and a few
 * large bulk writes cost far less than many small ones.
 */
class OutcomeWriter {
  private snapshots: NewSnapshot[] = [];
  private updates: StatsUpdate[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly result: CollectResult) {}

  async add(outcome: ChannelOutcome): Promise<void> {
    this.snapshots.push(...outcome.snapshots);
    this.updates.push(...outcome.updates);
    // Back pressure: a full batch is written before this reader goes on.
    if (this.updates.length >= WRITE_BATCH) {
      await this.writing;
      if (this.updates.length >= WRITE_BATCH) this.start();
      await this.writing;
    }
  }

  async flush(): Promise<void> {
    this.start();
    await this.writing;
  }

  private start(): void {
    const snapshots = this.snapshots.splice(0);
    const updates = this.updates.splice(0);
    this.writing = this.writing.then(async () => {
      // Snapshots first: a publication's values never run ahead of its history.
      this.result.snapshots += await appendSnapshots(snapshots);
      await recordStats(updates);
      this.result.read += updates.filter((u) => u.metrics).length;
    });
  }
}

/** A channel that is gone or disconnected answers with an application error, not an outage. */
function isChannelProblem(err: unknown): boolean {
  const status = (err as { status?: unknown }).status;
  return isAdapterError(err) || (typeof status === 'number' && status >= 400 && status < 500);
}
