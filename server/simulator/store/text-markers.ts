import { createHash } from 'node:crypto';
import { redis } from '../../lib/redis.js';
import { DUPLICATE_WINDOW_MS } from '../simulator.constants.js';
import type { Platform } from './sim.models.js';
import { simKey } from './sim.store.js';

/**
 * How long a marker lives in Redis, in real time: the window plus a margin. Relative, like the
 * counters' expiry, since simulated time may have been set anywhere; so a clock moved back
 * after a post does not lengthen its marker's life past this.
 */
export const MARKER_TTL_MS = DUPLICATE_WINDOW_MS + 3_600_000;

/** A marker's value: `<createdAt ms, simulated time>:<postId>` (the ms never hold a colon). */
const markerValue = (createdAt: Date, postId: string) => `${createdAt.getTime()}:${postId}`;

/**
 * KEYS[1]: the marker; ARGV: value, createdAt − DUPLICATE_WINDOW_MS (ms), TTL (ms). Returns the
 * postId of a marker at least as recent as that bound, writing nothing; otherwise writes this
 * one and returns nil.
 */
const CLAIM = `local cur = redis.call('GET', KEYS[1])
if cur then
  local sep = string.find(cur, ':', 1, true)
  if sep and tonumber(string.sub(cur, 1, sep - 1)) >= tonumber(ARGV[2]) then
    return string.sub(cur, sep + 1)
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return false`;

/** KEYS[1]: the marker; ARGV[1]: a postId. Deletes the marker if it still names that post. */
const RELEASE = `local cur = redis.call('GET', KEYS[1])
if cur then
  local sep = string.find(cur, ':', 1, true)
  if sep and string.sub(cur, sep + 1) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
end
return 0`;

const markerKey = (platform: Platform, accountId: string, text: string) =>
  simKey(`marker:${platform}:${accountId}:${createHash('sha256').update(text).digest('base64url')}`);

/**
 * Marks `text` as the text of `postId`, a post about to be created on this account at
 * `createdAt` (simulated time), in one Redis command. With `detect`, unless a post of the
 * last DUPLICATE_WINDOW_MS has the same text: then nothing is written and that post's id is
 * returned. The check and the write are one Lua script, so of identical posts sent at once
 * exactly one passes. Without `detect`, the marker is overwritten (last writer wins). A
 * caller that then fails to create the post calls forgetText.
 *
 * Markers live in Redis under the simulator's prefix for MARKER_TTL_MS of real time: a flush
 * of Redis forgets them (as it does the call counters), and markers written by earlier
 * versions in MongoDB's `sim_markers` are no longer read.
 */
export async function markText(
  platform: Platform,
  accountId: string,
  text: string,
  postId: string,
  createdAt: Date,
  detect: boolean,
): Promise<string | undefined> {
  if (!text) return undefined;
  const key = markerKey(platform, accountId, text);
  const value = markerValue(createdAt, postId);
  if (!detect) {
    await redis().set(key, value, 'PX', MARKER_TTL_MS);
    return undefined;
  }
  const since = createdAt.getTime() - DUPLICATE_WINDOW_MS;
  const twin = (await redis().eval(CLAIM, 1, key, value, since, MARKER_TTL_MS)) as string | null;
  return twin ?? undefined;
}

/** Forgets the marker of `text` on this account if it still names `postId` (atomic). */
export async function forgetText(
  platform: Platform,
  accountId: string,
  text: string,
  postId: string,
): Promise<void> {
  if (!text) return;
  await redis().eval(RELEASE, 1, markerKey(platform, accountId, text), postId);
}
