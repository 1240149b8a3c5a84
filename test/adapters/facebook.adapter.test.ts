import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PermanentError,
  ReconnectError,
  RetryableError,
  UnknownOutcomeError,
} from '../../server/modules/channels/adapters/adapter-errors.js';
import { createFacebookAdapter } from '../../server/modules/channels/adapters/facebook/facebook.adapter.js';
import type {
  PlatformAdapter,
  PublishingCredentials,
} from '../../server/modules/channels/adapters/platform.types.js';
import { adapterSettings } from '../../server/modules/channels/adapters/registry.js';
import { tinyPng } from '../fixtures/domain.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { Sandbox } from './sandbox.helpers.js';

let app: TestApp;
let sandbox: Sandbox;
let adapter: PlatformAdapter;
let page: PublishingCredentials;

const image = tinyPng();
const post = (caption: string) => ({
  caption,
  link: 'https://example.org/coop',
  image,
  mime: 'image/png',
  altText: 'Logo',
});

beforeAll(async () => {
  app = await startTestApp();
  sandbox = new Sandbox(`${app.baseUrl}/sandbox`);
  adapter = createFacebookAdapter(adapterSettings('facebook', 'sandbox', app.config));
  const account = await sandbox.provision('facebook', 'Coop du Coin');
  page = { externalId: account.externalId, accessToken: account.accessToken };
});
afterAll(() => app?.close());
afterEach(() => sandbox.clearFaults('facebook', page.externalId));

async function publishError(caption: string, credentials = page, a = adapter): Promise<unknown> {
  return a.publishImagePost({ credentials, ...post(caption) }).then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('Facebook adapter against the simulator', () => {
  it('publishes a photo post, keeps the post id (not the photo id), and it shows in the feed', async () => {
    const result = await adapter.publishImagePost({
      credentials: page,
      ...post('Entreprise à valeurs ajoutées?'),
    });
    expect(result.postId).toMatch(new RegExp(`^${page.externalId}_\\d+$`));
    expect(result.permalink).toMatch(/^http/);
    const feed = await sandbox.feed('facebook', page.externalId);
    expect(feed).toContain('Entreprise à valeurs ajoutées?');
    expect(feed).toContain('https://example.org/coop');
  });

  it('reads the metrics of a post as numbers', async () => {
    const { postId } = await adapter.publishImagePost({ credentials: page, ...post('Metrics please') });
    const metrics = await adapter.fetchMetrics({ credentials: page, postIds: [postId] });
    const m = metrics[postId]!;
    for (const key of ['views', 'clicks', 'reactions', 'comments', 'shares', 'engagementRate'] as const) {
      expect(typeof m[key]).toBe('number');
      expect(m[key]).toBeGreaterThanOrEqual(0);
    }
  });

  it('when one configured metric is rejected, the others still come back', async () => {
    const settings = adapterSettings('facebook', 'sandbox', app.config);
    const withBad = createFacebookAdapter({
      ...settings,
      metrics: ['post_impressions_paid_unique', ...(settings.metrics ?? [])],
    });
    const { postId } = await adapter.publishImagePost({ credentials: page, ...post('One bad metric') });
    const ok = await adapter.fetchMetrics({ credentials: page, postIds: [postId] });
    const degraded = await withBad.fetchMetrics({ credentials: page, postIds: [postId] });
    expect(degraded[postId]!.views).toBe(ok[postId]!.views);
    expect(degraded[postId]!.reach).toBe(ok[postId]!.reach);
  });

  it('when the token was revoked, asks to reconnect', async () => {
    await sandbox.fault('facebook', page.externalId, { tokenRevoked: true });
    const err = await publishError('Revoked');
    expect(err).toBeInstanceOf(ReconnectError);
    expect((err as ReconnectError).code).toBe('190');
  });

  it('when the token expired, asks to reconnect', async () => {
    await sandbox.fault('facebook', page.externalId, { tokenExpired: true });
    expect(await publishError('Expired')).toBeInstanceOf(ReconnectError);
  });

  it('when the password was changed, asks to reconnect (190/460)', async () => {
    await sandbox.fault('facebook', page.externalId, { passwordChanged: true });
    const err = await publishError('Password');
    expect(err).toBeInstanceOf(ReconnectError);
    expect((err as ReconnectError).subcode).toBe('460');
  });

  it('when the page permission was lost, asks to reconnect', async () => {
    await sandbox.fault('facebook', page.externalId, { permissionLost: true });
    expect(await publishError('No permission')).toBeInstanceOf(ReconnectError);
  });

  it('when throttled, is retryable with a wait', async () => {
    await sandbox.fault('facebook', page.externalId, { burst429: 5 });
    const err = await publishError('Throttled');
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).retryAfterMs).toBeGreaterThan(0);
  });

  it('when the photo call answers a 5xx, the outcome is unknown (the client cannot know nothing was created)', async () => {
    await sandbox.fault('facebook', page.externalId, { error5xxRate: 1 });
    expect(await publishError('Server error')).toBeInstanceOf(UnknownOutcomeError);
  });

  it('when a page read answers a 5xx, it is retryable', async () => {
    await sandbox.fault('facebook', page.externalId, { error5xxRate: 1 });
    expect(await adapter.verify(page).catch((e: unknown) => e)).toBeInstanceOf(RetryableError);
  });

  it('when Facebook says the page posts too fast (368/1390008), retries after a wait, not a permanent failure', async () => {
    await sandbox.fault('facebook', page.externalId, { postingTooFast: true });
    const err = await publishError('Too fast');
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).subcode).toBe('1390008');
    expect((err as RetryableError).retryAfterMs).toBeGreaterThanOrEqual(15 * 60_000);
  });

  it('when the page is blocked for a policy violation (368), the error is permanent', async () => {
    await sandbox.fault('facebook', page.externalId, { policyBlock: true });
    expect(await publishError('Blocked')).toBeInstanceOf(PermanentError);
  });

  it('when the same message is posted twice, the duplicate is permanent', async () => {
    await sandbox.fault('facebook', page.externalId, { duplicateDetection: true });
    await adapter.publishImagePost({ credentials: page, ...post('Twice the same') });
    const err = await publishError('Twice the same');
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe('506');
  });

  it('when no answer comes back after the photo was sent, the outcome is unknown', async () => {
    await sandbox.fault('facebook', page.externalId, { latencyMs: 1500 });
    const impatient = createFacebookAdapter({
      ...adapterSettings('facebook', 'sandbox', app.config),
      timeoutMs: 300,
    });
    expect(await publishError('Slow', page, impatient)).toBeInstanceOf(UnknownOutcomeError);
  });

  it('refuses an image over 4 MB before any call', async () => {
    const big = Buffer.concat([image, Buffer.alloc(4 * 1024 * 1024)]);
    const err = await adapter
      .publishImagePost({ credentials: page, caption: 'x', image: big, mime: 'image/png' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('image_too_large');
  });
});
