import { LRUCache } from 'lru-cache';

/**
 * A small per-process memo of simulator reads that every call repeats (the token, the page,
 * the clock, what this process just wrote), so that a post costs the store a few writes
 * rather than a dozen reads. Writes made through the simulator's own functions forget or
 * replace the entry at once; `ttlMs` bounds how long a change made elsewhere (another
 * process, a dropped database) goes unseen.
 */
export interface Memo<V extends object> {
  /**
   * The cached value, else `load()`'s; a null result is not kept (a token may be issued next).
   * Calls that miss while a load of the same key is under way share that load.
   */
  get(key: string, load: () => Promise<V | null>): Promise<V | null>;
  /** The cached value, without loading it. */
  peek(key: string): V | undefined;
  /** Keeps a value this process has just written, so that its next read costs nothing. */
  set(key: string, value: V): void;
  forget(key: string): void;
}

export function memo<V extends object>(options: { max: number; ttlMs: number }): Memo<V> {
  const cache = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs });
  const loading = new Map<string, Promise<V | null>>();
  return {
    get(key, load) {
      const hit = cache.get(key);
      if (hit) return Promise.resolve(hit);
      let pending = loading.get(key);
      if (!pending) {
        const started = load()
          .then((value) => {
            // A forget() or set() during the load makes its result stale: it is returned, not kept.
            if (value && loading.get(key) === started) cache.set(key, value);
            return value;
          })
          .finally(() => {
            if (loading.get(key) === started) loading.delete(key);
          });
        pending = started;
        loading.set(key, pending);
      }
      return pending;
    },
    peek: (key) => cache.get(key),
    set(key, value) {
      loading.delete(key);
      cache.set(key, value);
    },
    forget(key) {
      loading.delete(key);
      cache.delete(key);
    },
  };
}
