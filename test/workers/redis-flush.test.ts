import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQueue } from '../../server/lib/queues.js';
import { publishJobId } from '../../server/modules/scheduling/publish-jobs.js';
import { until } from '../setup/poll.js';
import { type PrivateRedis, startPrivateRedis } from '../setup/private-redis.js';
import {
  adFor,
  countPosts,
  type Hub,
  publication,
  sandboxChannel,
  schedule,
  settled,
  startHub,
  type TestChannel,
} from './publishing.helpers.js';

let privateRedis: PrivateRedis;
let hub: Hub;
let facebook: TestChannel;
let linkedin: TestChannel;

beforeAll(async () => {
  // FLUSHALL on the shared Redis would wipe the other test files' queues: this file has its own.
  privateRedis = await startPrivateRedis();
  hub = await startHub({ redisUrl: privateRedis.url });
  facebook = await sandboxChannel(hub, 'facebook');
  linkedin = await sandboxChannel(hub, 'linkedin');
});
afterAll(async () => {
  await hub?.app.close();
  await privateRedis?.stop();
});

/**
 * FLUSHALL, and the number of keys right after it in the same transaction: the reconciler
 * (every second here) may restore jobs at any moment after, so only an atomic reading shows
 * that the flush left nothing.
 */
async function flushAll(): Promise<void> {
  const client = new Redis(privateRedis.url, { maxRetriesPerRequest: 1 });
  try {
    const [flushed, size] = (await client.multi().flushall().dbsize().exec()) ?? [];
    expect(flushed?.[1]).toBe('OK');
    expect(size?.[1]).toBe(0);
  } finally {
    client.disconnect();
  }
}

const jobOf = async (id: string) => {
  const pub = await publication(hub, id);
  return getQueue('publish').getJob(publishJobId(id, pub.fence));
};
const final = ['published', 'failed', 'held', 'missed', 'cancelled', 'unconfirmed'];

describe('Redis loses everything (FLUSHALL)', () => {
  it('the reconciler re-creates the jobs of scheduled publications and each is published once, on time', async () => {
    const captions = ['Vidé puis rétabli 1', 'Vidé puis rétabli 2', 'Vidé puis rétabli 3'];
    const ids: string[] = [];
    for (const caption of captions) {
      ids.push(...(await schedule(hub, await adFor(hub, caption), [facebook.id, linkedin.id], 8000)));
    }
    for (const id of ids) expect(await jobOf(id), id).toBeTruthy();

    // Every job went with the flush (flushAll checks that Redis held no key right after it).
    await flushAll();
    // Restored before their time (RECONCILE_INTERVAL_MS is 1 s here), not merely run late.
    for (const id of ids) {
      const job = await until(
        () => jobOf(id),
        (j) => Boolean(j),
        4000,
      );
      expect(job, `${id}: no job after the flush`).toBeTruthy();
      expect(await job!.getState()).toBe('delayed');
    }

    for (const id of ids) {
      const pub = await settled(hub, id, final, 30_000);
      expect(pub.status, JSON.stringify(pub)).toBe('published');
      expect(new Date(pub.publishedAt).getTime()).toBeGreaterThanOrEqual(new Date(pub.scheduledAt).getTime());
    }
    for (const caption of captions) {
      expect(await countPosts(hub, facebook, caption), caption).toBe(1);
      expect(await countPosts(hub, linkedin, caption), caption).toBe(1);
    }
  }, 60_000);

  it('a publish in flight during the flush is published once, and is not sent again', async () => {
    const slow = await sandboxChannel(hub, 'facebook', 'Page lente pendant le vidage');
    await hub.sandbox.fault('facebook', slow.externalId, { latencyMs: 2500 });
    const caption = 'En cours pendant le vidage';
    const [id] = await schedule(hub, await adFor(hub, caption), [slow.id], 1000);
    const inFlight = await until(
      () => publication(hub, id!),
      (p) => p.status !== 'scheduled',
      10_000,
    );
    expect(inFlight.status).toBe('publishing');

    await flushAll();
    const pub = await settled(hub, id!, final, 30_000);
    expect(pub.status, JSON.stringify(pub)).toBe('published');
    expect(pub.fence).toBe(inFlight.fence);
    // Long enough for the reconciler to run several times over the published publication.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await countPosts(hub, slow, caption)).toBe(1);
    expect((await publication(hub, id!)).status).toBe('published');
  }, 60_000);
});
