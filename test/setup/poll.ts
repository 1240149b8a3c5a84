/**
 * Reads again every 200 ms until `done` holds or `ms` have passed, and returns the last read
 * (the caller's assertion then says what was still missing).
 */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}
