import { LRUCache } from 'lru-cache';
import { isObjectId } from './object-id.js';
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

/**
 * The workers' view of one collection by ObjectId: keptById with up to 1,000 documents, each
 * kept at most 60 s (writes made outside Mongoose). `find` reads one stored document (null
 * when absent); `convert` makes the value kept. The reader answers undefined for an absent
 * document or an id that is not an ObjectId, and throws what `find` throws.
 */
export function keptDocuments<D, T>(
  generation: WriteGeneration,
  find: (id: string) => PromiseLike<D | null>,
  convert: (doc: D) => T,
): (id: string) => Promise<T | undefined> {
  const kept = keptById<T>({
    generation,
    load: async (id) => {
      const doc = await find(id);
      return doc ? convert(doc) : undefined;
    },
    max: 1_000,
    maxAgeMs: 60_000,
  });
  return (id) => (isObjectId(id) ? kept.get(id) : Promise.resolve(undefined));
}
