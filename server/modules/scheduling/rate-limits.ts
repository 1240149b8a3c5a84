import { config } from '../../config/index.js';
import { redis } from '../../lib/redis.js';

const WINDOW_MS = 60_000;
const key = (...parts: string[]) => `${config().REDIS_PREFIX}:publish-rate:${parts.join(':')}`;

/**
 * Takes one slot in this minute's window for the channel and its platform
 * (PUBLISH_CHANNEL_RATE, PUBLISH_PLATFORM_RATE posts a minute), or says how long to wait:
 * a platform's pause (retry-after) first. Returns 0 when the post may go now, else the wait
 * in ms; a refused slot is given back, so waiting costs nothing.
 */
export async function takePublishSlot(
  channelId: string,
  platform: string,
  now = Date.now(),
): Promise<number> {
  const cfg = config();
  const paused = await redis().pttl(key('pause', channelId));
  if (paused > 0) return paused;
  const window = now - (now % WINDOW_MS);
  const untilNext = window + WINDOW_MS - now;
  for (const [k, limit] of [
    [key('channel', channelId, String(window)), cfg.PUBLISH_CHANNEL_RATE],
    [key('platform', platform, String(window)), cfg.PUBLISH_PLATFORM_RATE],
  ] as const) {
    const used = await redis()
      .multi()
      .incr(k)
      .pexpire(k, WINDOW_MS * 2)
      .exec();
    const count = Number(used?.[0]?.[1] ?? 0);
    if (count > limit) {
      await redis().decr(k);
      if (k.includes(':platform:')) await redis().decr(key('channel', channelId, String(window)));
      return untilNext + Math.floor(Math.random() * 1000);
    }
  }
  return 0;
}

/** After a throttle: nothing goes to this channel for `ms` (the platform's retry-after). */
export async function pauseChannel(channelId: string, ms: number): Promise<void> {
  if (ms > 0) await redis().set(key('pause', channelId), '1', 'PX', Math.ceil(ms));
}
