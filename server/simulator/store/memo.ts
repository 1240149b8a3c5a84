import { LRUCache } from 'lru-cache';

/**
 * A small per-process memo of simulator reads that every call repeats (the token, the page,
 * its faults, the clock), so that a post costs the store a few writes rather than a dozen
 * reads. Writes made through the simulator's own functions forget the entry at once; `ttlMs`
 * bounds how long a change made elsewhere (another process, a dropped database) goes unseen.
 */
export interface Memo<V extends object> {
  /** The cached value, else `load()`'s; a null result is not kept (a token may be issued next). */
  get(key: string, load: () => Promise<V | null>): Promise<V | null>;
  forget(key: string): void;
}

export function memo<V extends object>(options: { max: number; ttlMs: number }): Memo<V> {
  const cache = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs });
  return {
    async get(key, load) {
      const hit = cache.get(key);
      if (hit) return hit;
      const value = await load();
      if (value) cache.set(key, value);
      return value;
    },
    forget: (key) => void cache.delete(key),
  };
}
