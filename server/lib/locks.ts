import { randomUUID } from 'node:crypto';
import { config } from '../config/index.js';
import { redis } from './redis.js';

/**
 * Runs `fn` unless another process holds the lock (then returns undefined). The lock expires
 * after `ttlMs`, so a crashed holder cannot block the others for longer than that.
 */
export async function withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T | undefined> {
  const key = `${config().REDIS_PREFIX}:lock:${name}`;
  const token = randomUUID();
  if ((await redis().set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
  try {
    return await fn();
  } finally {
    // Released only by its holder: compare and delete in one step.
    await redis()
      .eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
        1,
        key,
        token,
      )
      .catch(() => undefined);
  }
}
