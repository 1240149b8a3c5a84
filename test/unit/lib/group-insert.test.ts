import type { mongo } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDuplicateKeyError } from '../../../server/lib/errors.js';
import { groupInsert } from '../../../server/lib/group-insert.js';
import { mongoDb } from '../../../server/lib/mongo.js';
import { startTestApp, type TestApp } from '../../setup/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** A grouped inserter on its own collection, counting the commands it sends. */
function counted(name: string) {
  let commands = 0;
  const collection = () => {
    commands += 1;
    return mongoDb().collection<{ _id: string; n?: number }>(name);
  };
  return { group: groupInsert(collection), commands: () => commands, collection };
}

const outcomes = (results: PromiseSettledResult<void>[]) =>
  results.map((r) =>
    r.status === 'fulfilled' ? 'stored' : isDuplicateKeyError(r.reason) ? 'duplicate' : 'error',
  );

describe('grouped inserts (groupInsert)', () => {
  it('stores every document of a burst in a few commands, each caller told after its own is stored', async () => {
    const { group, commands, collection } = counted('group_burst');
    const ids = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
    const results = await Promise.allSettled(ids.map((_id, n) => group.insert({ _id, n })));
    expect(outcomes(results)).toEqual(ids.map(() => 'stored'));
    expect(commands()).toBeLessThanOrEqual(2);
    expect(await collection().countDocuments({})).toBe(60);
  });

  it('gives each duplicate its own error and stores the others: one winner among identical inserts', async () => {
    const { group, collection } = counted('group_dupes');
    await collection().insertOne({ _id: 'taken' });
    const ids = ['a', 'taken', 'b', 'same', 'c', 'same', 'same'];
    const results = await Promise.allSettled(ids.map((_id) => group.insert({ _id })));
    expect(outcomes(results)).toEqual([
      'stored',
      'duplicate',
      'stored',
      'stored',
      'stored',
      'duplicate',
      'duplicate',
    ]);
    expect((await collection().find({}).toArray()).map((d) => d._id).sort()).toEqual(
      ['a', 'b', 'c', 'same', 'taken'].sort(),
    );
  });

  it('keeps grouping while a command is in flight: later inserts go together in the next one', async () => {
    const { group, commands } = counted('group_waves');
    const first = group.insert({ _id: 'w-0' });
    await Promise.resolve();
    // Issued while the first command runs.
    const later = Array.from({ length: 30 }, (_, i) => group.insert({ _id: `w-${i + 1}` }));
    await Promise.all([first, ...later]);
    expect(commands()).toBeLessThanOrEqual(3);
  });

  it('rejects every insert of a command that failed as a whole, and goes on with the next', async () => {
    let fail = true;
    const group = groupInsert(() => {
      if (fail) throw new Error('MongoDB went away');
      return mongoDb().collection<{ _id: string }>('group_failure') as mongo.Collection<{ _id: string }>;
    });
    const results = await Promise.allSettled([group.insert({ _id: 'x' }), group.insert({ _id: 'y' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(group.insert({ _id: 'x' })).resolves.toBeUndefined();
  });
});
