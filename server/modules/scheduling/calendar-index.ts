import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import type { PublicationDoc } from './publication.model.js';

/**
 * The calendar's read model, derived from MongoDB like the queues: a Redis sorted set whose
 * members are the publications' entries (JSON) scored by their time, and a hash from each
 * publication id to its current member. A month is then one range read instead of a scan
 * (FerretDB's SQLite backend filters anything but `_id` equality in Go, over the whole
 * collection). Every publication write updates it through the model's hooks
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

const key = (part: 'members' | 'by-time' | 'built') => `${config().REDIS_PREFIX}:calendar:${part}`;

// Compare and set in one step: concurrent writers of one publication keep the newest state.
// KEYS: members hash, sorted set; ARGV: id, entry JSON, its v, its score.
const UPSERT = `local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  if tonumber(cjson.decode(cur).v) > tonumber(ARGV[3]) then return 0 end
  redis.call('ZREM', KEYS[2], cur)
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
return 1`;

// Removes an entry, unless it was written at or after ARGV[2] (ms; 0 = always): a rebuild
// does not drop a publication created while it read the collection.
const REMOVE = `local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return 0 end
if tonumber(ARGV[2]) > 0 and tonumber(cjson.decode(cur).v) >= tonumber(ARGV[2]) then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], cur)
return 1`;

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

/** Writes the entries of these documents (each kept only if newer than the one stored). */
export async function indexPublications(docs: PublicationDoc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) {
    const pipeline = redis().pipeline();
    for (const doc of docs.slice(i, i + 500)) {
      const entry = entryOf(doc);
      const json = JSON.stringify(entry);
      pipeline.eval(UPSERT, 2, key('members'), key('by-time'), entry.id, json, entry.v, entry.at);
    }
    await pipeline.exec();
  }
}

export async function unindexPublications(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const pipeline = redis().pipeline();
  for (const id of ids) pipeline.eval(REMOVE, 2, key('members'), key('by-time'), id, 0);
  await pipeline.exec();
}

/** A hook could not write: remember it, so the read model is rebuilt before it is read again. */
export function indexWriteFailed(err: unknown): void {
  missedWrite = true;
  logger.error({ err }, 'calendar index write failed; it will be rebuilt before the next read');
  redis()
    .del(key('built'))
    .then(() => undefined)
    .catch(() => undefined);
}

/** The marker holds the zone the local times were written in: another zone means rebuild. */
function complete(built: string | null): boolean {
  return built === config().HUB_TIMEZONE && !missedWrite;
}

/** True when the read model is complete: built since Redis last lost it, and no write missed here. */
export async function calendarIndexReady(): Promise<boolean> {
  return complete(await redis().get(key('built')));
}

/**
 * After a full pass over MongoDB that started at `startedMs`: drops entries of publications
 * that no longer exist (unless written since) and marks the read model complete.
 */
export async function finishRebuild(startedMs: number, existing: Set<string>): Promise<void> {
  const stale = (await redis().hkeys(key('members'))).filter((id) => !existing.has(id));
  const pipeline = redis().pipeline();
  for (const id of stale) pipeline.eval(REMOVE, 2, key('members'), key('by-time'), id, startedMs);
  pipeline.set(key('built'), config().HUB_TIMEZONE);
  await pipeline.exec();
  missedWrite = false;
}

// The range as one JSON array, filtered in Redis: one reply to parse instead of thousands.
// KEYS: sorted set, marker; ARGV: from, to (exclusive, as "(ms"), then channel, campaign and
// enterprise filters ('' = any; enterprises: ids separated by ',', any of them).
const RANGE = `local members = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2])
local out = {}
local function has(m, field, id)
  return id == '' or string.find(m, '"' .. field .. '":"' .. id .. '"', 1, true) ~= nil
end
local function features(m, ids)
  if ids == '' then return true end
  local s, e = string.find(m, '"enterpriseIds":%[[^%]]*%]')
  if not s then return false end
  local list = string.sub(m, s, e)
  for id in string.gmatch(ids, '[^,]+') do
    if string.find(list, '"' .. id .. '"', 1, true) then return true end
  end
  return false
end
for _, m in ipairs(members) do
  if has(m, 'channelId', ARGV[3]) and has(m, 'campaignId', ARGV[4]) and features(m, ARGV[5]) and features(m, ARGV[6]) then
    out[#out + 1] = m
  end
end
return {redis.call('GET', KEYS[2]) or '', '[' .. table.concat(out, ',') .. ']'}`;

/** Filters applied in Redis: ids in lower case; enterprise lists match any of their ids. */
export interface EntryFilter {
  channelId?: string;
  campaignId?: string;
  enterpriseId?: string;
  /** The member's scope: only entries featuring one of these. */
  scope?: string[];
}

/**
 * The entries whose time is in [fromMs, toMs) that pass the filter, in time order, read in
 * one round trip with the completeness check; undefined when the read model is not complete
 * (rebuild first).
 */
export async function entriesBetween(
  fromMs: number,
  toMs: number,
  filter: EntryFilter = {},
): Promise<CalendarEntry[] | undefined> {
  const [built, json] = (await redis().eval(
    RANGE,
    2,
    key('by-time'),
    key('built'),
    fromMs,
    `(${toMs}`,
    filter.channelId ?? '',
    filter.campaignId ?? '',
    filter.enterpriseId ?? '',
    filter.scope?.join(',') ?? '',
  )) as [string, string];
  if (!complete(built || null)) return undefined;
  return JSON.parse(json) as CalendarEntry[];
}
