import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimId } from '../../server/modules/scheduling/claims.js';
import { until } from '../setup/poll.js';
import {
  adFor,
  countPosts,
  type Hub,
  postsOn,
  publication,
  sandboxChannel,
  schedule,
  settled,
  startHub,
  type TestChannel,
} from './publishing.helpers.js';
import { outputOf, spawnWorkers, type WorkerProcess, workerEnv } from './worker-process.js';

const LATENCY_MS = 2500;
let hub: Hub;
let channel: TestChannel;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  // No workers in this process: only the two child processes publish.
  hub = await startHub({
    workers: false,
    env: { PUBLISH_LEASE_MS: String(LATENCY_MS * 2), WORKER_LOCK_MS: '1000' },
  });
  channel = await sandboxChannel(hub, 'facebook', 'Page lente');
  workers = await spawnWorkers(2, workerEnv(hub.app.config, { WORKER_CONCURRENCY: '4' }));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await hub?.app.close();
});

const claimedBy = async (publicationId: string, fence: number) =>
  (
    await mongoose.connection
      .collection<{ _id: string; by: string }>('publication_claims')
      .findOne({ _id: claimId(publicationId, fence, 'publish') })
  )?.by;

describe('a worker process killed while it publishes', () => {
  it('loses nothing and posts nothing twice: the survivor settles its publication by reading the page back', async () => {
    await hub.sandbox.fault('facebook', channel.externalId, { latencyMs: LATENCY_MS });
    const captions = Array.from({ length: 6 }, (_, i) => `Envoi lent numéro ${i + 1}`);
    const ids: string[] = [];
    for (const caption of captions)
      ids.push(...(await schedule(hub, await adFor(hub, caption), [channel.id], 2000)));

    const inFlight = await until(
      async () => {
        for (const id of ids) {
          const pub = await publication(hub, id);
          const by = pub.status === 'publishing' ? await claimedBy(id, pub.fence) : undefined;
          if (by) return { id, by };
        }
        return undefined;
      },
      (found) => found !== undefined,
      20_000,
    );
    const victim = workers.find((w) => w.name === inFlight?.by);
    expect(victim, `no publication seen publishing by a worker\n${outputOf(workers)}`).toBeTruthy();
    await victim!.kill();
    expect((await publication(hub, inFlight!.id)).status).toBe('publishing');

    for (const id of ids) {
      const pub = await settled(hub, id, ['published', 'failed', 'missed', 'cancelled'], 60_000);
      expect(pub.status, `${id}: ${JSON.stringify(pub)}\n${outputOf(workers)}`).toBe('published');
    }
    for (const caption of captions) expect(await countPosts(hub, channel, caption), caption).toBe(1);
    expect(await postsOn(hub, channel)).toHaveLength(captions.length);
    // The killed publish was settled as an unknown outcome, not blindly sent again.
    expect((await publication(hub, inFlight!.id)).lastError).toMatchObject({
      class: 'unknown_outcome',
      code: 'lease_expired',
    });
  }, 90_000);
});
