/**
 * A small least-recently-used cache of promises, bounded by entries and by bytes. A failed
 * promise leaves the cache, so the next call tries again.
 */
export class PromiseLru<T> {
  private readonly entries = new Map<string, { value: Promise<T>; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
    private readonly sizeOf: (value: T) => number = () => 0,
  ) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const entry = { value: make(), bytes: 0 };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = this.sizeOf(value);
        this.bytes += entry.bytes;
        this.trim();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.trim();
    return entry.value;
  }

  /** The value under a key, if any, without making one (and without refreshing it). */
  peek(key: string): Promise<T> | undefined {
    return this.entries.get(key)?.value;
  }

  private trim(): void {
    while (this.entries.size > 1 && (this.entries.size > this.maxEntries || this.bytes > this.maxBytes)) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }
}
