import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isDuplicateKeyError } from '../../../server/lib/errors.js';
import { connectMongo, disconnectMongo, mongoDb } from '../../../server/lib/mongo.js';

beforeAll(async () => {
  await connectMongo(inject('mongoUri'), `dup_t${randomUUID().replaceAll('-', '').slice(0, 10)}`);
});
afterAll(async () => {
  await mongoDb().dropDatabase();
  await disconnectMongo();
});

/** The error a driver call fails with. */
const failure = (call: () => Promise<unknown>) =>
  call().then(
    () => undefined,
    (err: unknown) => err,
  );

describe('duplicate keys, on the server the tests run against', () => {
  it('are recognised whether an insert or an update hits the unique index, and nothing else is', async () => {
    const slugs = mongoDb().collection<{ _id: string; slug: string }>('slugs');
    await slugs.createIndex({ slug: 1 }, { unique: true });
    await slugs.insertMany([
      { _id: 'a', slug: 'coop' },
      { _id: 'b', slug: 'ferme' },
    ]);
    const onInsert = await failure(() => slugs.insertOne({ _id: 'c', slug: 'coop' }));
    const onUpdate = await failure(() => slugs.updateOne({ _id: 'b' }, { $set: { slug: 'coop' } }));
    expect(isDuplicateKeyError(onInsert)).toBe(true);
    expect(isDuplicateKeyError(onUpdate)).toBe(true);
    const other = await failure(() => slugs.updateOne({ _id: 'b' }, { $bogus: { slug: 'x' } } as never));
    expect(other).toBeDefined();
    expect(isDuplicateKeyError(other)).toBe(false);
  });
});
