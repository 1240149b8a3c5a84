import { config } from '../../config/index.js';
import { redis } from '../../lib/redis.js';

const key = (channelId: string) => `${config().REDIS_PREFIX}:stats-pause:${channelId}`;

/**
 * After a throttle (Graph 4/17/32/613/80001, LinkedIn 429), no metrics are read on this
 * channel for `ms` (the platform's retry-after or regain time), in any process.
 */
export async function pauseStats(channelId: string, ms: number): Promise<void> {
  if (ms > 0) await redis().set(key(channelId), '1', 'PX', Math.ceil(ms));
}

/** Ms left before metrics may be read on this channel again; 0 when they may now. */
export async function statsPauseLeft(channelId: string): Promise<number> {
  return Math.max(0, await redis().pttl(key(channelId)));
}
