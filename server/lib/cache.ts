import { LRUCache } from 'lru-cache';
import { config } from '../config/index.js';

/** One named cache's figures, for metrics: what it holds now and how its lookups went since start. */
export interface CacheStats {
  name: string;
  /** Bytes held (values as their sizeOf measures them, plus key and bookkeeping). */
  bytes: number;
  entries: number;
  /** Lookups answered from the cache (a lookup joining one in flight counts as a hit). */
  hits: number;
  /** Lookups that had to make the value. */
  misses: number;
}

interface Slot {
  owner: string;
  value: unknown;
  bytes: number;
}

// A Map entry, the slot and lru-cache's own arrays: a small value still costs this much.
const ENTRY_OVERHEAD = 96;

let store: LRUCache<string, Slot> | undefined;
const caches = new Map<string, SharedCache<unknown>>();

/**
 * Every cache of the process lives in one LRU bounded by CACHE_MB, least recently used out
 * first, whichever cache it belongs to: a burst of previews evicts old glyphs rather than
 * each cache keeping its own share while memory grows with their number.
 */
function lru(): LRUCache<string, Slot> {
  const maxSize = config().CACHE_MB * 1024 * 1024;
  if (store?.maxSize !== maxSize) {
    store = new LRUCache<string, Slot>({
      maxSize,
      // One value may not take more than a quarter of the budget and flush all the others.
      maxEntrySize: Math.floor(maxSize / 4),
      sizeCalculation: (slot) => Math.max(1, slot.bytes),
    });
  }
  return store;
}

/**
 * A named view on the shared cache. `fetch` makes a missing value once for concurrent
 * callers, and a failed make leaves nothing behind, so the next call tries again.
 */
export class SharedCache<T> {
  hits = 0;
  misses = 0;
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(
    readonly name: string,
    private readonly sizeOf: (value: T) => number,
  ) {}

  private full(key: string): string {
    return `${this.name}\u0000${key}`;
  }

  /** The value under a key, refreshed as recently used; counted as a hit or a miss. */
  get(key: string): T | undefined {
    const slot = lru().get(this.full(key));
    if (slot) this.hits += 1;
    else this.misses += 1;
    return slot?.value as T | undefined;
  }

  /** Whether a key is held, and its value, without refreshing it or counting. */
  peek(key: string): { value: T } | undefined {
    const slot = lru().peek(this.full(key));
    return slot ? { value: slot.value as T } : undefined;
  }

  set(key: string, value: T): void {
    const full = this.full(key);
    const bytes = this.sizeOf(value) + full.length * 2 + ENTRY_OVERHEAD;
    lru().set(full, { owner: this.name, value, bytes });
  }

  async fetch(key: string, make: () => Promise<T>): Promise<T> {
    const slot = lru().get(this.full(key));
    if (slot) {
      this.hits += 1;
      return slot.value as T;
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.hits += 1;
      return pending;
    }
    this.misses += 1;
    const made = make().then((value) => {
      this.set(key, value);
      return value;
    });
    this.inFlight.set(key, made);
    try {
      return await made;
    } finally {
      this.inFlight.delete(key);
    }
  }
}

/**
 * The cache of that name (made on first use) in the process's shared budget. `sizeOf`
 * gives a value's weight in bytes; it need only be close for small values.
 */
export function sharedCache<T>(name: string, sizeOf: (value: T) => number): SharedCache<T> {
  let cache = caches.get(name) as SharedCache<T> | undefined;
  if (!cache) {
    cache = new SharedCache<T>(name, sizeOf);
    caches.set(name, cache as SharedCache<unknown>);
  }
  return cache;
}

/** Each named cache's bytes, entries, hits and misses, in name order (for metrics and tests). */
export function cacheStats(): CacheStats[] {
  const held = new Map<string, { bytes: number; entries: number }>();
  for (const slot of lru().values()) {
    const h = held.get(slot.owner) ?? { bytes: 0, entries: 0 };
    h.bytes += slot.bytes;
    h.entries += 1;
    held.set(slot.owner, h);
  }
  return [...caches.values()]
    .map(({ name, hits, misses }) => ({
      name,
      hits,
      misses,
      ...(held.get(name) ?? { bytes: 0, entries: 0 }),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The shared budget in bytes (CACHE_MB) and what all caches hold now. */
export function cacheBudget(): { maxBytes: number; bytes: number } {
  const cache = lru();
  return { maxBytes: cache.maxSize, bytes: cache.calculatedSize };
}
