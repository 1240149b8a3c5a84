/**
 * The dashboard shows on every page how many publications need action. On FerretDB that count
 * scans the collection, so a process reuses it for a few seconds; any transition written by
 * this process forgets it, so what staff just did shows at once.
 */
const TTL_MS = 15_000;
let memo: { value: number; at: number } | undefined;

export async function rememberedCount(compute: () => Promise<number>, now = Date.now()): Promise<number> {
  if (memo && now - memo.at < TTL_MS) return memo.value;
  const value = await compute();
  memo = { value, at: now };
  return value;
}

export function forgetActionCount(): void {
  memo = undefined;
}
