import { randomUUID } from 'node:crypto';
import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import { entryOf, FORWARD_IN_FENCE } from './calendar-entry.js';
import { FILL, READ, REMOVE, STEP, UPSERT } from './calendar-index.scripts.js';
import type { PublicationDoc } from './publication.model.js';

/**
 * The calendar's read model, derived from MongoDB like the queues: each publication's entry,
 * kept in Redis in one hash per hub-local day (and per day and channel, campaign or
 * enterprise), publication id → entry JSON, so that a write touches only its own fields and
 * a month is one script reading about thirty days' texts, with no scan and no entry parsed
 * (FerretDB's SQLite backend filters anything but `_id` equality in Go, over the whole
 * collection). Every publication write updates it through the model's hooks
 * (calendar-index.hooks.ts); when Redis lost it, it is rebuilt from MongoDB.
 */
export type { CalendarEntry } from './calendar-entry.js';

/**
 * Every key of the read model is under this layout's own root: an index another layout wrote
 * (the first one kept strings under `<REDIS_PREFIX>:calendar:day:…`) has no `built` marker
 * here, so it is rebuilt rather than read, and its keys are never written as hashes.
 */
const LAYOUT = 'v2';
const root = () => `${config().REDIS_PREFIX}:calendar:`;
const prefix = () => `${root()}${LAYOUT}:`;
const built = () => `${prefix()}built`;

/** True when a write could not reach Redis in this process: the next read rebuilds. */
let missedWrite = false;

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

const forwardSteps = () => FORWARD_IN_FENCE.map(([from, to]) => `${from}>${to}`);

/**
 * Writes a writer's own transition (the document its findOneAndUpdate returned) when Redis
 * alone can tell it is newer than the stored entry (STEP): 'written'; 'kept' when the stored
 * one is newer; 'unsure' when only MongoDB can tell (nothing was written: read it again).
 */
export async function indexTransition(doc: PublicationDoc): Promise<'written' | 'kept' | 'unsure'> {
  const entry = entryOf(doc);
  const answer = await redis().eval(STEP, 0, prefix(), entry.id, JSON.stringify(entry), ...forwardSteps());
  return answer === 1 ? 'written' : answer === 2 ? 'kept' : 'unsure';
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

/** Drops the keys of the first layout (strings per day and view), which nothing reads any more. */
async function dropFirstLayout(): Promise<void> {
  const old = root();
  if ((await redis().exists(`${old}members`)) === 0) return;
  // REDIS_PREFIX holds no glob characters (config); `day:*` cannot match this layout's keys.
  for await (const keys of redis().scanStream({ match: `${old}day:*`, count: 1000 }))
    if ((keys as string[]).length > 0) await redis().unlink(...(keys as string[]));
  await redis().unlink(`${old}members`, `${old}built`);
}

/**
 * After a full pass over MongoDB that started at `startedMs`: drops entries of publications
 * that no longer exist (unless written since) and the keys of an earlier layout, then marks
 * the read model complete.
 */
export async function finishRebuild(startedMs: number, existing: Set<string>): Promise<void> {
  await dropFirstLayout();
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

/** How long a day's joined text is kept after a read, ms (a write drops it at once). */
const CACHE_MS = 3_600_000;
/** How long a read may take to store the text it joined, ms. */
const FILL_MS = 60_000;

/**
 * The entries of these hub-local days (`YYYY-MM-DD`) in one bucket, as the JSON text of an
 * array (days in the order given, entries of one day in no particular order), read in one
 * round trip with the completeness check; undefined when the read model is not complete.
 * Days read from their hash have their text stored afterwards, unless a write came between.
 */
export async function entriesJson(days: string[], bucket: Bucket): Promise<string | undefined> {
  const end = suffix(bucket);
  const token = randomUUID();
  const [marker, ...read] = (await redis().eval(READ, 0, prefix(), end, token, FILL_MS, ...days)) as [
    string | null,
    ...(string | string[])[],
  ];
  if (!complete(marker)) return undefined;
  const fill: string[] = [];
  const texts = read.map((value, i) => {
    if (typeof value === 'string') return value;
    const text = value.join(',');
    fill.push(`${days[i]}${end}`, text);
    return text;
  });
  if (fill.length > 0)
    redis()
      .eval(FILL, 0, prefix(), token, CACHE_MS, ...fill)
      .catch((err: unknown) =>
        logger.warn({ err }, 'calendar text not stored; the next read joins it again'),
      );
  return `[${texts.filter((t) => t.length > 0).join(',')}]`;
}
