import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adFor,
  countPosts,
  type Hub,
  publication,
  sandboxChannel,
  schedule,
  settled,
  startHub,
} from './publishing.helpers.js';

let hub: Hub;

beforeAll(async () => {
  // A lease shorter than a slow LinkedIn publish (4 calls of 1 s each, plus image processing).
  hub = await startHub({ env: { PUBLISH_LEASE_MS: '1500' } });
});
afterAll(() => hub?.app.close());

describe('a publish that takes longer than its lease, its worker alive', () => {
  it('is not presumed lost: published once, and recorded as published', async () => {
    const channel = await sandboxChannel(hub, 'linkedin', 'Organisation très lente');
    // Duplicate detection off, as on Facebook: a second post would go through.
    await hub.sandbox.fault('linkedin', channel.externalId, { latencyMs: 1000, duplicateDetection: false });
    const caption = 'Plus lente que son bail';
    const [id] = await schedule(hub, await adFor(hub, caption), [channel.id], 1000);
    const pub = await settled(hub, id!, ['published', 'failed', 'held', 'missed'], 30_000);
    expect(pub.status, JSON.stringify(pub)).toBe('published');
    // Long enough for a read-back and a second publish to have happened, had the lease lapsed.
    await new Promise((r) => setTimeout(r, 6000));
    expect(await countPosts(hub, channel, caption)).toBe(1);
    const after = await publication(hub, id!);
    expect(after.status).toBe('published');
    expect(after.fence).toBe(0);
  }, 60_000);
});
