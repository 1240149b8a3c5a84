/**
 * A whole small collection (or any value) loaded at once and kept in this process, shared by
 * concurrent readers. It is loaded again when older than `maxAgeMs`, when the caller's
 * version tag differs from the one it was kept under, or after `forget()`; a failed load is
 * not kept. Callers that know a version (a write generation read *before* loading) pass it
 * as the tag, so a copy is never labelled newer than its data.
 */
export interface KeptSnapshot<T> {
  /** The kept value, or a fresh load; `tag` undefined: load without keeping (nothing to go by). */
  get(tag?: string): Promise<T>;
  /** Drops the kept value (after a write made through this process). */
  forget(): void;
}

export function keptSnapshot<T>(load: () => Promise<T>, maxAgeMs: number): KeptSnapshot<T> {
  let kept: { tag: string; loadedAt: number; value: Promise<T> } | undefined;
  return {
    get(tag) {
      const now = Date.now();
      if (kept && tag !== undefined && kept.tag === tag && now - kept.loadedAt < maxAgeMs) return kept.value;
      const value = load();
      if (tag !== undefined) {
        const entry = { tag, loadedAt: now, value };
        kept = entry;
        value.catch(() => {
          if (kept === entry) kept = undefined;
        });
      }
      return value;
    },
    forget() {
      kept = undefined;
    },
  };
}
