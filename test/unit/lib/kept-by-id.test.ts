import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../../server/config/index.js';
import { keptById } from '../../../server/lib/kept-by-id.js';
import { redis } from '../../../server/lib/redis.js';
import { writeGeneration } from '../../../server/lib/write-generation.js';
import { startTestApp, type TestApp } from '../../setup/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** A store outside the cache, and a kept view of it that counts its loads. */
function fixture(name: string, maxAgeMs = 60_000) {
  const generation = writeGeneration(name);
  const store = new Map<string, string>();
  const loads: string[] = [];
  const kept = keptById<string>({
    generation,
    load: async (id) => {
      loads.push(id);
      if (id === 'broken') throw new Error('MongoDB went away');
      return store.get(id);
    },
    max: 10,
    maxAgeMs,
  });
  /** A write as every writer makes it: the data, then the generation. */
  const write = async (id: string, value: string) => {
    store.set(id, value);
    await generation.bump();
  };
  return { generation, store, loads, kept, write };
}

describe('documents kept by id under a write generation (keptById)', () => {
  it('loads once while nothing is written, and again after any write', async () => {
    const f = fixture('kept-a');
    await f.write('x', 'v1');
    expect(await f.kept.get('x')).toBe('v1');
    expect(await f.kept.get('x')).toBe('v1');
    expect(f.loads).toEqual(['x']);
    await f.write('y', 'other');
    f.store.set('x', 'v2');
    expect(await f.kept.get('x')).toBe('v2');
    expect(f.loads).toEqual(['x', 'x']);
  });

  it('shares one load among concurrent callers, and keeps no failed load', async () => {
    const f = fixture('kept-b');
    await f.write('x', 'v1');
    const values = await Promise.all([f.kept.get('x'), f.kept.get('x'), f.kept.get('x')]);
    expect(values).toEqual(['v1', 'v1', 'v1']);
    expect(f.loads).toEqual(['x']);
    await expect(f.kept.get('broken')).rejects.toThrow('MongoDB went away');
    await expect(f.kept.get('broken')).rejects.toThrow('MongoDB went away');
    expect(f.loads.filter((id) => id === 'broken')).toHaveLength(2);
  });

  it('loads every time when Redis holds no generation', async () => {
    const f = fixture('kept-c');
    f.store.set('x', 'v1');
    expect(await f.kept.get('x')).toBe('v1');
    f.store.set('x', 'v2');
    expect(await f.kept.get('x')).toBe('v2');
    expect(f.loads).toEqual(['x', 'x']);
  });

  it('never takes a copy from before Redis was emptied for a current one', async () => {
    const f = fixture('kept-d');
    await f.write('x', 'v1');
    expect(await f.kept.get('x')).toBe('v1');
    // Redis loses its keys; then one write lands, as the first after a restart would.
    await redis().del(`${config().REDIS_PREFIX}:kept-d:gen`);
    await f.write('x', 'v2');
    expect(await f.kept.get('x')).toBe('v2');
  });

  it('loads again once a copy is older than maxAgeMs (writes outside Mongoose bump nothing)', async () => {
    const f = fixture('kept-e', 50);
    await f.write('x', 'v1');
    expect(await f.kept.get('x')).toBe('v1');
    f.store.set('x', 'v2');
    expect(await f.kept.get('x')).toBe('v1');
    await new Promise((r) => setTimeout(r, 80));
    expect(await f.kept.get('x')).toBe('v2');
  });
});
