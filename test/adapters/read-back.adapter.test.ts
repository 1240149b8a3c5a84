import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  isAdapterError,
  ReconnectError,
  RetryableError,
  UnknownOutcomeError,
} from '../../server/modules/channels/adapters/adapter-errors.js';
import { createFacebookAdapter } from '../../server/modules/channels/adapters/facebook/facebook.adapter.js';
import { createLinkedInAdapter } from '../../server/modules/channels/adapters/linkedin/linkedin.adapter.js';
import type {
  PlatformAdapter,
  PublishingCredentials,
} from '../../server/modules/channels/adapters/platform.types.js';
import { tinyPng } from '../fixtures/domain.js';
import { type SimServer, startSimulator } from '../simulator/sim-server.js';

type Platform = 'facebook' | 'linkedin';

let sim: SimServer;
const adapters = {} as Record<Platform, PlatformAdapter>;
const accounts = {} as Record<Platform, PublishingCredentials>;
const now = new Date();
const liVersion = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
const image = tinyPng(120, 63);
const link = 'https://example.org/coop';
let n = 0;
const caption = (what: string) => `${what} (${++n}) #ESS <ateliers> [gratuits]`;

beforeAll(async () => {
  sim = await startSimulator();
  adapters.facebook = createFacebookAdapter({
    apiUrl: `${sim.url}/facebook`,
    oauthUrl: `${sim.url}/facebook`,
    apiVersion: 'v25.0',
    metrics: [],
  });
  adapters.linkedin = createLinkedInAdapter({
    apiUrl: `${sim.url}/linkedin`,
    oauthUrl: `${sim.url}/linkedin`,
    apiVersion: liVersion,
    pollIntervalMs: 50,
  });
  for (const platform of ['facebook', 'linkedin'] as const) {
    const account = await sim.account(platform, `Coop relue ${platform}`);
    accounts[platform] = { externalId: account.externalId, accessToken: account.accessToken };
  }
});
afterAll(() => sim.close());
afterEach(async () => {
  for (const platform of ['facebook', 'linkedin'] as const) {
    await sim.admin('DELETE', `/faults/${platform}/${accounts[platform].externalId}`);
  }
});

const fault = (platform: Platform, faults: Record<string, unknown>) =>
  sim.admin('PUT', `/faults/${platform}/${accounts[platform].externalId}`, faults);

const publish = (platform: Platform, text: string) =>
  adapters[platform].publishImagePost({
    credentials: accounts[platform],
    caption: text,
    link,
    image,
    mime: 'image/png',
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );

const find = (platform: Platform, text: string, since: Date, excludePostIds?: string[]) =>
  adapters[platform].findPublished({
    credentials: accounts[platform],
    caption: text,
    link,
    since,
    ...(excludePostIds ? { excludePostIds } : {}),
  });

/** The stored posts, newest first, from the simulator's admin view. */
const stored = (platform: Platform) =>
  sim
    .admin<{ data: { postId: string }[] }>(
      'GET',
      `/posts?platform=${platform}&externalId=${accounts[platform].externalId}`,
    )
    .then((answer) => answer.data.map((p) => p.postId));

describe.each(['facebook', 'linkedin'] as const)(
  '%s: settling an unknown outcome by reading back',
  (platform) => {
    it.each(['error', 'reset'] as const)(
      'when the answer to the create is lost (outcomeLost, mode %s), publishing is an unknown outcome and the post is found',
      async (mode) => {
        const since = new Date();
        const text = caption(`Perdu ${mode}`);
        await fault(platform, { outcomeLost: 1, outcomeLostMode: mode });
        expect(await failure(publish(platform, text))).toBeInstanceOf(UnknownOutcomeError);
        const result = await find(platform, text, since);
        expect(result).toMatchObject({ found: true, permalink: expect.stringMatching(/^http/) });
        expect(result.found && result.postId).toBe((await stored(platform))[0]);
      },
    );

    it('when the create failed with a 5xx before anything was created (error5xxRate), it is unknown, then surely absent', async () => {
      const since = new Date();
      const text = caption('Jamais créé');
      const before = await stored(platform);
      await fault(platform, { error5xxRate: 1 });
      const err = await failure(publish(platform, text));
      // LinkedIn fails at the image upload, which creates nothing visible: retryable.
      expect(err).toBeInstanceOf(platform === 'facebook' ? UnknownOutcomeError : RetryableError);
      await sim.admin('DELETE', `/faults/${platform}/${accounts[platform].externalId}`);
      expect(await stored(platform)).toEqual(before);
      expect(await find(platform, text, since)).toEqual({ found: false });
    });

    it('a post already recorded by another publication is never matched', async () => {
      const since = new Date();
      const text = caption('Déjà là');
      const { postId } = await publish(platform, text);
      expect(await find(platform, text, since)).toMatchObject({ found: true, postId });
      expect(await find(platform, text, since, [postId])).toEqual({ found: false });
    });

    it('pages through more recent posts than one page holds', async () => {
      const since = new Date();
      const text = caption('Sous la pile');
      const { postId } = await publish(platform, text);
      for (let i = 0; i < 26; i++) await rawPost(platform, `Bruit ${n}-${i}`);
      expect(await find(platform, text, since)).toMatchObject({ found: true, postId });
    });

    it('when the read fails, it throws (inconclusive) instead of answering absent', async () => {
      const since = new Date();
      await fault(platform, { error5xxRate: 1 });
      const err = await failure(find(platform, caption('Illisible'), since));
      expect(err).toBeInstanceOf(RetryableError);
      await fault(platform, { tokenRevoked: true });
      expect(await failure(find(platform, caption('Illisible'), since))).toBeInstanceOf(ReconnectError);
      await fault(platform, { error5xxRate: 0.5 });
      const flaky = await failure(find(platform, caption('À moitié'), since));
      expect(flaky === undefined || isAdapterError(flaky)).toBe(true);
    });
  },
);

/** A text post straight through the platform API, to fill the page cheaply. */
async function rawPost(platform: Platform, text: string): Promise<void> {
  const { externalId, accessToken } = accounts[platform];
  const res =
    platform === 'facebook'
      ? await fetch(`${sim.url}/facebook/v25.0/${externalId}/feed`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ message: text }),
        })
      : await fetch(`${sim.url}/linkedin/rest/posts`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${accessToken}`,
            'linkedin-version': liVersion,
            'x-restli-protocol-version': '2.0.0',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            author: `urn:li:organization:${externalId}`,
            commentary: text,
            visibility: 'PUBLIC',
            distribution: { feedDistribution: 'MAIN_FEED' },
            lifecycleState: 'PUBLISHED',
          }),
        });
  expect(res.status).toBeLessThan(300);
}
