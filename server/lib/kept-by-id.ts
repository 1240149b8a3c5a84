import { LRUCache } from 'lru-cache';
import type { WriteGeneration } from './write-generation.js';

/** Documents of one collection by id, kept in this process (see keptById). */
export interface KeptById<T> {
  /**
   * The document as of the last write to its collection in any process, from this process's
   * copy when nothing was written since it was loaded, else loaded again. Undefined: no such
   * document. The value is shared by every caller: read it, never modify it.
   * Throws what `load` throws (a failed load is not kept).
   */
  get(id: string): Promise<T | undefined>;
  /** Drops every kept copy (tests; a write this process knows the generation missed). */
  clear(): void;
}

/**
 * Keeps up to `max` documents by id, each tagged with the collection's write generation read
 * *before* it was loaded (write-generation.ts), so a copy is used only while no write to the
 * collection happened anywhere since, and for at most `maxAgeMs` (writes made outside
 * Mongoose bump nothing). When Redis does not answer or holds no generation (emptied, or
 * nothing written since), every call loads: there is nothing to tell a stale copy by.
 * Concurrent calls for one id in one generation share a single load.
 */
export function keptById<T>(options: {
  generation: WriteGeneration;
  load: (id: string) => Promise<T | undefined>;
  max: number;
  maxAgeMs: number;
}): KeptById<T> {
  const { generation, load, maxAgeMs } = options;
  const kept = new LRUCache<string, { tag: string; loadedAt: number; value: Promise<T | undefined> }>({
    max: options.max,
  });
  return {
    async get(id) {
      const tag = await generation.current();
      if (tag === undefined || tag === '0') return load(id);
      const held = kept.get(id);
      if (held && held.tag === tag && Date.now() - held.loadedAt < maxAgeMs) return held.value;
      const entry = { tag, loadedAt: Date.now(), value: load(id) };
      kept.set(id, entry);
      entry.value.catch(() => {
        if (kept.get(id) === entry) kept.delete(id);
      });
      return entry.value;
    },
    clear() {
      kept.clear();
    },
  };
}
