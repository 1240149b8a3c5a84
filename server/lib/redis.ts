import { Redis, type RedisOptions } from 'ioredis';

/** Creates an ioredis client; BullMQ needs maxRetriesPerRequest: null on worker connections. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    ...options,
  });
}

let shared: Redis | undefined;

/**
 * The process-wide client for sessions, throttling, locks and read models. Commands issued in
 * the same tick (many jobs or requests at once) leave in one write (ioredis auto-pipelining):
 * no blocking command ever runs on this client, so none can hold the others back.
 */
export function redis(): Redis {
  if (!shared) throw new Error('Redis is not connected: call connectRedis first');
  return shared;
}

export async function connectRedis(url: string): Promise<Redis> {
  shared = createRedis(url, { enableAutoPipelining: true });
  await shared.ping();
  return shared;
}

export async function disconnectRedis(): Promise<void> {
  await shared?.quit().catch(() => undefined);
  shared = undefined;
}

export async function pingRedis(): Promise<boolean> {
  try {
    return (await shared?.ping()) === 'PONG';
  } catch {
    return false;
  }
}

export type { Redis };
