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

// The two processes are both alive for these; the last test kills one.
describe('an unknown outcome with two worker processes', () => {
  it('when the post was created, the read-back settles it with no second post', async () => {
    const lost = await sandboxChannel(hub, 'linkedin', 'Réponse perdue, deux processus');
    await hub.sandbox.fault('linkedin', lost.externalId, { outcomeLost: 1, outcomeLostMode: 'reset' });
    const caption = 'Créée mais sans réponse, deux processus';
    const [id] = await schedule(hub, await adFor(hub, caption), [lost.id], 1000);
    const pub = await settled(hub, id!, ['published', 'failed', 'held', 'missed'], 30_000);
    expect(pub.status, `${JSON.stringify(pub)}\n${outputOf(workers)}`).toBe('published');
    expect(pub.lastError).toMatchObject({ class: 'unknown_outcome' });
    expect(pub.fence).toBe(0);
    expect(await countPosts(hub, lost, caption)).toBe(1);
  }, 45_000);

  it('when it was not created, it is published once more under the next fence', async () => {
    const down = await sandboxChannel(hub, 'facebook', 'Page en panne, deux processus');
    await hub.sandbox.fault('facebook', down.externalId, { error5xxRate: 1 });
    const caption = 'Refusée avant la création, deux processus';
    const [id] = await schedule(hub, await adFor(hub, caption), [down.id], 1000);
    const seen = await until(
      () => publication(hub, id!),
      (p) => p.status === 'unconfirmed',
      15_000,
    );
    expect(seen.status).toBe('unconfirmed');
    await hub.sandbox.clearFaults('facebook', down.externalId);
    const pub = await settled(hub, id!, ['published', 'failed', 'held', 'missed'], 30_000);
    expect(pub.status, `${JSON.stringify(pub)}\n${outputOf(workers)}`).toBe('published');
    expect(pub.fence).toBe(seen.fence + 1);
    expect(await countPosts(hub, down, caption)).toBe(1);
  }, 45_000);
});

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
