import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config, setConfig } from '../../server/config/index.js';
import { getQueue } from '../../server/lib/queues.js';
import { publishJobId } from '../../server/modules/scheduling/publish-jobs.js';
import { until } from '../setup/poll.js';
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

let hub: Hub;

beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.app.close());

const done = ['published', 'failed', 'held', 'missed', 'cancelled'];

describe('an unknown outcome is settled by reading the page back, never by a blind retry', () => {
  it.each([
    ['facebook', 'error'],
    ['facebook', 'reset'],
    ['linkedin', 'error'],
    ['linkedin', 'reset'],
  ] as const)(
    'on %s (%s after creating the post): found by the read-back, published once',
    async (platform, mode) => {
      const channel = await sandboxChannel(hub, platform, `Perdue ${platform} ${mode}`);
      await hub.sandbox.fault(platform, channel.externalId, { outcomeLost: 1, outcomeLostMode: mode });
      const text = `Réponse perdue ${platform} ${mode}`;
      const [id] = await schedule(hub, await adFor(hub, text), [channel.id], 1500);
      const seen = await until(
        () => publication(hub, id!),
        (p) => p.status !== 'scheduled' && p.status !== 'publishing',
      );
      expect(seen.status).toBe('unconfirmed');
      expect(seen.lastError.class).toBe('unknown_outcome');
      const pub = await settled(hub, id!, done);
      expect(pub.status).toBe('published');
      expect(pub.platformPostId).toBeTruthy();
      expect(await countPosts(hub, channel, text)).toBe(1);
    },
  );

  it('when the post was not created, the read-back finds nothing and it is published once more', async () => {
    const channel = await sandboxChannel(hub, 'facebook', 'Page en panne');
    await hub.sandbox.fault('facebook', channel.externalId, { error5xxRate: 1 });
    const text = 'Erreur 500 avant la création';
    const [id] = await schedule(hub, await adFor(hub, text), [channel.id], 1500);
    const seen = await until(
      () => publication(hub, id!),
      (p) => p.status === 'unconfirmed',
    );
    expect(seen.status).toBe('unconfirmed');
    // While reads fail too, the outcome stays unknown: nothing is posted again.
    expect(await countPosts(hub, channel, text)).toBe(0);
    await hub.sandbox.clearFaults('facebook', channel.externalId);
    const pub = await settled(hub, id!, done);
    expect(pub.status).toBe('published');
    expect(pub.fence).toBe(seen.fence + 1);
    expect(await countPosts(hub, channel, text)).toBe(1);
  });

  it('when the read-back keeps failing, staff decide: retry publishes once, mark as posted records it', async () => {
    const channel = await sandboxChannel(hub, 'linkedin', 'Organisation muette');
    await hub.sandbox.fault('linkedin', channel.externalId, { outcomeLost: 1 });
    const text = 'Lecture impossible';
    const [id] = await schedule(hub, await adFor(hub, text), [channel.id], 1500);
    await until(
      () => publication(hub, id!),
      (p) => p.status === 'unconfirmed',
    );
    await hub.sandbox.fault('linkedin', channel.externalId, { error5xxRate: 1 });
    const stuck = await until(
      () => publication(hub, id!),
      (p) => /Check the page/.test(p.statusReason ?? ''),
      20_000,
    );
    expect(stuck.status).toBe('unconfirmed');
    expect(stuck.statusReason).toMatch(/mark it as posted/);
    await hub.sandbox.clearFaults('linkedin', channel.externalId);
    const marked = await hub.admin.api.post(`/api/v1/publications/${id}/mark-posted`, {
      permalink: 'https://www.linkedin.com/feed/update/urn:li:share:1/',
    });
    expect(marked.status).toBe(200);
    expect(marked.body.status).toBe('published');
    const again = await hub.admin.api.post(`/api/v1/publications/${id}/retry`);
    expect(again.status).toBe(409);
    expect(await countPosts(hub, channel, text)).toBe(1);
  });
});

describe('retryable refusals', () => {
  it('posting too fast (368/1390008) waits and retries instead of failing', async () => {
    const channel: TestChannel = await sandboxChannel(hub, 'facebook', 'Page trop rapide');
    await hub.sandbox.fault('facebook', channel.externalId, { postingTooFast: true });
    const text = 'Trop vite, on attend';
    const [id] = await schedule(hub, await adFor(hub, text), [channel.id], 1500);
    const waiting = await until(
      () => publication(hub, id!),
      (p) => p.attempts > 0,
    );
    expect(waiting.status).toBe('scheduled');
    expect(waiting.lastError).toMatchObject({ class: 'retryable', code: '368' });
    await hub.sandbox.clearFaults('facebook', channel.externalId);
    // Facebook gave no usage estimate: the channel waits 15 min, using no attempt meanwhile.
    const job = await getQueue('publish').getJob(publishJobId(id!, waiting.fence));
    expect(job).toBeTruthy();
    expect(job!.timestamp + (job!.opts.delay ?? 0)).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(await countPosts(hub, channel, text)).toBe(0);
  });

  it('a first attempt that would wait past its grace for a rate limit is missed, not silently late', async () => {
    const channel = await sandboxChannel(hub, 'facebook', 'Page en pause');
    await hub.sandbox.fault('facebook', channel.externalId, { burst429: 1 });
    const [first] = await schedule(hub, await adFor(hub, 'Premier, limité'), [channel.id], 1500);
    const throttled = await until(
      () => publication(hub, first!),
      (p) => p.attempts > 0,
    );
    expect(throttled.lastError).toMatchObject({ class: 'retryable', code: '80001' });
    // Facebook asked for at least a minute; this hub allows 2 s of lateness.
    setConfig({ ...config(), PUBLISH_GRACE_MS: 2000 });
    try {
      const [second] = await schedule(hub, await adFor(hub, 'Second, trop tard'), [channel.id], 1500);
      const pub = await settled(hub, second!, ['missed', 'published', 'failed']);
      expect(pub.status).toBe('missed');
      expect(pub.statusReason).toMatch(/cannot post before .*reschedule it after that, or cancel/);
    } finally {
      setConfig({ ...config(), PUBLISH_GRACE_MS: 15 * 60_000 });
    }
    expect(await countPosts(hub, channel, 'Second, trop tard')).toBe(0);
  });

  it('a LinkedIn 429 burst is backed off and then published once, without waiting for midnight', async () => {
    const channel = await sandboxChannel(hub, 'linkedin', 'Quota serré');
    await hub.sandbox.fault('linkedin', channel.externalId, { burst429: 2 });
    const text = 'Après le quota';
    const [id] = await schedule(hub, await adFor(hub, text), [channel.id], 1500);
    const pub = await settled(hub, id!, done);
    expect(pub.status).toBe('published');
    expect(pub.attempts).toBeGreaterThan(0);
    expect(await countPosts(hub, channel, text)).toBe(1);
  });
});
