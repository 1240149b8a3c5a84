import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../../server/config/index.js';
import { getAdapter } from '../../server/modules/channels/adapters/registry.js';
import { getPublishingCredentials } from '../../server/modules/channels/channel-tokens.service.js';
import { connectThroughOAuth, Sandbox } from '../adapters/sandbox.helpers.js';
import { tinyPng } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let sandbox: Sandbox;
let admin: TestUser;

/**
 * "Live" channels with the app credentials and URLs from configuration, pointed at the
 * simulator as if it were the real platforms.
 */
beforeAll(async () => {
  app = await startTestApp();
  sandbox = new Sandbox(`${app.baseUrl}/sandbox`);
  setConfig({
    ...app.config,
    FACEBOOK_APP_ID: 'sandbox-app',
    FACEBOOK_APP_SECRET: 'sandbox-secret',
    FACEBOOK_GRAPH_URL: `${sandbox.url}/facebook`,
    FACEBOOK_OAUTH_URL: `${sandbox.url}/facebook`,
    LINKEDIN_CLIENT_ID: 'sandbox-client',
    LINKEDIN_CLIENT_SECRET: 'sandbox-secret',
    LINKEDIN_API_URL: `${sandbox.url}/linkedin`,
    LINKEDIN_OAUTH_URL: `${sandbox.url}/linkedin`,
  });
  admin = await app.createUser('admin');
});
afterAll(() => app?.close());

describe('live channels, with app credentials from configuration', () => {
  it.each(['facebook', 'linkedin'] as const)(
    'connects %s through OAuth and publishes with the stored token',
    async (platform) => {
      const account = await sandbox.provision(platform, `Live ${platform}`);
      const res = await connectThroughOAuth(admin.api, platform, 'mode=live');
      expect(res.status).toBe(200);
      const channel = (
        res.body as { channels: { id: string; externalId: string; mode: string }[] }
      ).channels.find((c) => c.externalId === account.externalId);
      expect(channel?.mode).toBe('live');
      const creds = await getPublishingCredentials(channel!.id);
      const result = await getAdapter(platform, 'live').publishImagePost({
        credentials: creds.credentials,
        caption: `Publié en direct sur ${platform}`,
        image: tinyPng(),
        mime: 'image/png',
      });
      expect(result.postId).toBeTruthy();
      expect(await sandbox.feed(platform, account.externalId)).toContain(`Publié en direct sur ${platform}`);
    },
  );
});
