import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import { REMOVE, UPSERT } from './calendar-index.scripts.js';
import type { PublicationDoc } from './publication.model.js';

/**
 * The calendar's read model, derived from MongoDB like the queues: each publication's entry,
 * kept in Redis in one string per hub-local day (and per day and channel, campaign or
 * enterprise), so that a month is one MGET of about thirty strings joined, with no scan and
 * no per-entry work (FerretDB's SQLite backend filters anything but `_id` equality in Go,
 * over the whole collection). Every publication write updates it through the model's hooks
 * (calendar-index.hooks.ts); when Redis lost it, it is rebuilt from MongoDB.
 */
export interface CalendarEntry {
  id: string;
  adId: string;
  channelId: string;
  campaignId: string;
  enterpriseIds: string[];
  platform: 'facebook' | 'linkedin';
  status: PublicationDoc['status'];
  fence: number;
  /** scheduledAt, ms since the epoch (UTC). */
  at: number;
  /** scheduledAt, ISO 8601 UTC. */
  start: string;
  /** scheduledAt as hub-local wall time `YYYY-MM-DDTHH:mm` (HUB_TIMEZONE when written). */
  local: string;
  /** updatedAt of the document written, ms: an older write never replaces a newer one. */
  v: number;
}

const prefix = () => `${config().REDIS_PREFIX}:calendar:`;
const built = () => `${prefix()}built`;

/** True when a write could not reach Redis in this process: the next read rebuilds. */
let missedWrite = false;

export function entryOf(doc: PublicationDoc): CalendarEntry {
  const at = new Date(doc.scheduledAt);
  return {
    id: String(doc._id),
    adId: String(doc.adId),
    channelId: String(doc.channelId),
    campaignId: String(doc.campaignId),
    enterpriseIds: (doc.enterpriseIds ?? []).map(String),
    platform: doc.platform,
    status: doc.status,
    fence: doc.fence ?? 0,
    at: at.getTime(),
    start: at.toISOString(),
    local: DateTime.fromJSDate(at, { zone: config().HUB_TIMEZONE }).toFormat("yyyy-MM-dd'T'HH:mm"),
    v: new Date(doc.updatedAt ?? Date.now()).getTime(),
  };
}

/**
 * Writes the entries of these documents, each kept only if newer (by updatedAt) than the one
 * stored; with `force`, whatever is stored (the caller then checks MongoDB again).
 */
export async function indexPublications(docs: PublicationDoc[], force = false): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) {
    const pipeline = redis().pipeline();
    for (const doc of docs.slice(i, i + 500)) {
      const entry = entryOf(doc);
      pipeline.eval(UPSERT, 0, prefix(), entry.id, JSON.stringify(entry), entry.v, force ? '1' : '0');
    }
    await pipeline.exec();
  }
}

export async function unindexPublications(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const pipeline = redis().pipeline();
  for (const id of ids) pipeline.eval(REMOVE, 0, prefix(), id, 0);
  await pipeline.exec();
}

/** A hook could not write: remember it, so the read model is rebuilt before it is read again. */
export function indexWriteFailed(err: unknown): void {
  missedWrite = true;
  logger.error({ err }, 'calendar index write failed; it will be rebuilt before the next read');
  redis()
    .del(built())
    .then(() => undefined)
    .catch(() => undefined);
}

/** The marker holds the zone the local times were written in: another zone means rebuild. */
function complete(built: string | null): boolean {
  return built === config().HUB_TIMEZONE && !missedWrite;
}

/** True when the read model is complete: built since Redis last lost it, and no write missed here. */
export async function calendarIndexReady(): Promise<boolean> {
  return complete(await redis().get(built()));
}

/**
 * After a full pass over MongoDB that started at `startedMs`: drops entries of publications
 * that no longer exist (unless written since) and marks the read model complete.
 */
export async function finishRebuild(startedMs: number, existing: Set<string>): Promise<void> {
  const stale = (await redis().hkeys(`${prefix()}members`)).filter((id) => !existing.has(id));
  const pipeline = redis().pipeline();
  for (const id of stale) pipeline.eval(REMOVE, 0, prefix(), id, startedMs);
  pipeline.set(built(), config().HUB_TIMEZONE);
  await pipeline.exec();
  missedWrite = false;
}

/** Which entries of a day: all, or those of one channel, campaign or enterprise. */
export type Bucket =
  | { all: true }
  | { channelId: string }
  | { campaignId: string }
  | { enterpriseId: string };

function suffix(bucket: Bucket): string {
  if ('channelId' in bucket) return `:c:${bucket.channelId}`;
  if ('campaignId' in bucket) return `:k:${bucket.campaignId}`;
  if ('enterpriseId' in bucket) return `:e:${bucket.enterpriseId}`;
  return '';
}

/**
 * The entries of these hub-local days (`YYYY-MM-DD`) in one bucket, as the JSON text of an
 * array (days in the order given, entries of one day in no particular order), read in one
 * round trip with the completeness check; undefined when the read model is not complete.
 */
export async function entriesJson(days: string[], bucket: Bucket): Promise<string | undefined> {
  const end = suffix(bucket);
  const [marker, ...parts] = await redis().mget(built(), ...days.map((d) => `${prefix()}day:${d}${end}`));
  if (!complete(marker ?? null)) return undefined;
  const text = parts.filter((p): p is string => Boolean(p)).join('');
  return `[${text.slice(0, -1)}]`;
}
