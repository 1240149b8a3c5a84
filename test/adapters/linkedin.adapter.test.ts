import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PermanentError,
  ReconnectError,
  RetryableError,
  UnknownOutcomeError,
} from '../../server/modules/channels/adapters/adapter-errors.js';
import { createLinkedInAdapter } from '../../server/modules/channels/adapters/linkedin/linkedin.adapter.js';
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
let org: PublishingCredentials;

const image = tinyPng(120, 63);
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
  adapter = createLinkedInAdapter({
    ...adapterSettings('linkedin', 'sandbox', app.config),
    pollIntervalMs: 100,
  });
  const account = await sandbox.provision('linkedin', 'Coop des Cantons');
  org = { externalId: account.externalId, accessToken: account.accessToken };
});
afterAll(() => app?.close());
afterEach(() => sandbox.clearFaults('linkedin', org.externalId));

async function publishError(caption: string, a = adapter): Promise<unknown> {
  return a.publishImagePost({ credentials: org, ...post(caption) }).then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('LinkedIn adapter against the simulator', () => {
  it('publishes an image post as the organization; the id comes from x-restli-id; it shows in the feed', async () => {
    const result = await adapter.publishImagePost({
      credentials: org,
      ...post("L'économie sociale, j'achète!"),
    });
    expect(result.postId).toMatch(/^urn:li:(share|ugcPost):/);
    const feed = await sandbox.feed('linkedin', org.externalId);
    expect(feed).toContain('économie sociale');
  });

  it('a commentary full of reserved characters arrives whole, never cut', async () => {
    const caption = 'Ateliers (gratuits) [inscription] <bientôt> *vite* _merci_ ~ | {ESS} \\ fin';
    await adapter.publishImagePost({ credentials: org, ...post(caption) });
    const feed = await sandbox.feed('linkedin', org.externalId);
    expect(feed).toContain('fin');
    expect(feed).toContain('gratuits');
  });

  it('reads statistics; a post missing from the answer counts as zero', async () => {
    const { postId } = await adapter.publishImagePost({ credentials: org, ...post('Stats please') });
    const unknown = 'urn:li:share:1';
    const metrics = await adapter.fetchMetrics({ credentials: org, postIds: [postId, unknown] });
    expect(metrics[unknown]).toMatchObject({ views: 0, clicks: 0, reactions: 0, comments: 0, shares: 0 });
    expect(typeof metrics[postId]!.views).toBe('number');
  });

  it('when the token was revoked, asks to reconnect', async () => {
    await sandbox.fault('linkedin', org.externalId, { tokenRevoked: true });
    expect(await publishError('Revoked')).toBeInstanceOf(ReconnectError);
  });

  it('when the token expired, asks to reconnect', async () => {
    await sandbox.fault('linkedin', org.externalId, { tokenExpired: true });
    expect(await publishError('Expired')).toBeInstanceOf(ReconnectError);
  });

  it('when the administrator role was lost, asks to reconnect', async () => {
    await sandbox.fault('linkedin', org.externalId, { permissionLost: true });
    expect(await publishError('No role')).toBeInstanceOf(ReconnectError);
  });

  it('when the quota is reached (429), is retryable with a wait', async () => {
    await sandbox.fault('linkedin', org.externalId, { burst429: 5 });
    const err = await publishError('Throttled');
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).retryAfterMs).toBeGreaterThan(0);
  });

  it('when the upload steps fail with a 5xx (nothing created yet), is retryable', async () => {
    await sandbox.fault('linkedin', org.externalId, { error5xxRate: 1 });
    expect(await publishError('Server error')).toBeInstanceOf(RetryableError);
  });

  it('when the image processing fails, the error is permanent', async () => {
    await sandbox.fault('linkedin', org.externalId, { processingFails: true });
    const err = await publishError('Broken image');
    expect(err).toBeInstanceOf(PermanentError);
  });

  it('when the same post is sent twice, the duplicate is permanent', async () => {
    await sandbox.fault('linkedin', org.externalId, { duplicateDetection: true });
    await adapter.publishImagePost({ credentials: org, ...post('Twice the same') });
    const err = await publishError('Twice the same');
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe('DUPLICATE_POST');
  });

  it('when no answer comes back, the outcome is unknown (or retryable before the post was sent)', async () => {
    await sandbox.fault('linkedin', org.externalId, { latencyMs: 1500 });
    const impatient = createLinkedInAdapter({
      ...adapterSettings('linkedin', 'sandbox', app.config),
      timeoutMs: 300,
    });
    const err = await publishError('Slow', impatient);
    // The first call to time out is the upload preparation: nothing was created, so it is retryable.
    expect(err instanceof RetryableError || err instanceof UnknownOutcomeError).toBe(true);
  });

  it('when the post creation gets no answer, the outcome is unknown', async () => {
    // A stand-in that answers the upload steps at once and never answers POST /rest/posts.
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/rest/posts')) return;
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/rest/images?action')) {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        return res.end(JSON.stringify({ value: { uploadUrl: `${base}/upload`, image: 'urn:li:image:1' } }));
      }
      if (req.url === '/upload') return res.writeHead(201).end();
      res.end(JSON.stringify({ status: 'AVAILABLE' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stalled = createLinkedInAdapter({
      apiUrl: url,
      oauthUrl: url,
      apiVersion: '202607',
      timeoutMs: 300,
    });
    try {
      expect(await publishError('Lost answer', stalled)).toBeInstanceOf(UnknownOutcomeError);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('refreshes a token; a refused refresh grant asks to reconnect', async () => {
    const account = await sandbox.provision('linkedin', 'Coop Refresh');
    const tokens = await adapter.refresh!(account.refreshToken!);
    expect(tokens.accessToken).not.toBe(account.accessToken);
    expect(tokens.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    const err = await adapter.refresh!('AQXnot-a-real-refresh-token').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectError);
    expect((err as ReconnectError).httpStatus).toBe(400);
  });

  it('when the image is still processing past the wait, is retryable', async () => {
    await sandbox.fault('linkedin', org.externalId, { processingMs: 60_000 });
    const hurried = createLinkedInAdapter({
      ...adapterSettings('linkedin', 'sandbox', app.config),
      pollIntervalMs: 50,
      pollTimeoutMs: 200,
    });
    const err = await publishError('Slow processing', hurried);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).code).toBe('PROCESSING');
  });

  it('refuses a commentary over 3,000 characters before any call', async () => {
    const err = await publishError('x'.repeat(3001));
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe('caption_too_long');
  });
});
