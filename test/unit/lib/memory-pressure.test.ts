import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const child = path.resolve(import.meta.dirname, '../../fixtures/memory-pressure.child.ts');

/** Runs the fixture in a fresh Node process (its own heap) with this cache budget. */
async function run(cacheMb: number) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], {
    env: { ...process.env, CACHE_MB: String(cacheMb) },
  });
  return JSON.parse(stdout) as { before: number; relieved: boolean; after: number; again: boolean };
}

describe('relieveExternalMemory', () => {
  it('frees dead pixel buffers once they pile up 16 MB past the cache budget, then waits before doing it again', async () => {
    const r = await run(1);
    expect(r.before).toBeGreaterThanOrEqual(48);
    expect(r.relieved).toBe(true);
    expect(r.after).toBeLessThan(8);
    expect(r.again).toBe(false);
  });

  it('leaves them to V8 while they stay within the cache budget', async () => {
    const r = await run(64);
    expect(r.before).toBeGreaterThanOrEqual(48);
    expect(r.relieved).toBe(false);
  });
});
