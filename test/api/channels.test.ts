import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../../server/config/index.js';
import { ReconnectError } from '../../server/modules/channels/adapters/adapter-errors.js';
import { getAdapter } from '../../server/modules/channels/adapters/registry.js';
import { ChannelModel } from '../../server/modules/channels/channel.model.js';
import { tokenUpdate } from '../../server/modules/channels/channel.service.js';
import {
  fetchChannelMetrics,
  publishImageToChannel,
} from '../../server/modules/channels/channel-calls.service.js';
import {
  getPublishingCredentials,
  refreshExpiringTokens,
  reportAdapterError,
  rotateTokenEncryption,
  verifyConnectedChannels,
} from '../../server/modules/channels/channel-tokens.service.js';
import { type SealedSecret, tokenVault } from '../../server/modules/channels/token-vault.js';
import { captureLogs, connectThroughOAuth, Sandbox } from '../adapters/sandbox.helpers.js';
import { tinyPng } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let sandbox: Sandbox;
let admin: TestUser;
let strategist: TestUser;
let member: TestUser;
const logs = captureLogs();
/** Every API answer body, to search for leaked tokens at the end. */
const outputs: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  sandbox = new Sandbox(`${app.baseUrl}/sandbox`);
  admin = await app.createUser('admin');
  strategist = await app.createUser('strategist');
  member = await app.createUser('member', { enterpriseId: '64b7f0c2a1b2c3d4e5f60718' });
});
afterAll(() => app?.close());

async function keep<T extends { text: string }>(response: Promise<T>): Promise<T> {
  const r = await response;
  outputs.push(r.text);
  return r;
}

describe('channels API', () => {
  it('connects a sandbox channel with no credentials, and never returns a token', async () => {
    const res = await keep(
      admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Pôle (sandbox)' }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      platform: 'facebook',
      mode: 'sandbox',
      status: 'connected',
      owner: { kind: 'hub' },
    });
    expect(res.body).not.toHaveProperty('accessToken');
    const list = await keep(strategist.api.get('/api/v1/channels'));
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toContain(res.body.id);
    const one = await keep(strategist.api.get(`/api/v1/channels/${res.body.id}`));
    expect(one.body.name).toBe('Pôle (sandbox)');
  });

  it('stores tokens encrypted: the raw document holds no token in clear', async () => {
    const raw = await ChannelModel.collection.findOne({ name: 'Pôle (sandbox)' });
    const token = tokenVault().open(raw!.accessToken as SealedSecret);
    expect(JSON.stringify(raw)).not.toContain(token);
    expect(raw!.accessToken).toMatchObject({ keyId: tokenVault().currentKeyId });
  });

  it('lets strategists read but not change, and hides channels from members', async () => {
    expect(
      (await strategist.api.post('/api/v1/channels/sandbox', { platform: 'linkedin', name: 'x' })).status,
    ).toBe(403);
    expect((await member.api.get('/api/v1/channels')).status).toBe(404);
  });

  it('names each bad field', async () => {
    const res = await admin.api.post('/api/v1/channels/sandbox', { platform: 'tiktok', name: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'name',
      'platform',
    ]);
  });

  it('an enterprise-owned channel needs an existing enterprise', async () => {
    const res = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'facebook',
      name: 'Orpheline',
      owner: { kind: 'enterprise', enterpriseId: '64b7f0c2a1b2c3d4e5f60718' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].message).toMatch(/not an existing enterprise/);
  });

  it('refuses to start a live connection when the app credentials are not configured', async () => {
    const res = await admin.api.get('/api/v1/channels/oauth/facebook/start');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/FACEBOOK_APP_ID/);
  });

  it('connects Facebook pages through the OAuth flow against the simulator', async () => {
    await sandbox.provision('facebook', 'Coop OAuth');
    const res = await keep(connectThroughOAuth(admin.api, 'facebook'));
    expect(res.status).toBe(200);
    const names = (res.body as { channels: { name: string; status: string }[] }).channels.map((c) => c.name);
    expect(names).toContain('Coop OAuth');
  });

  it('connects LinkedIn organizations through the OAuth flow, with a refresh token and an expiry', async () => {
    await sandbox.provision('linkedin', 'Org OAuth');
    const res = await keep(connectThroughOAuth(admin.api, 'linkedin'));
    expect(res.status).toBe(200);
    const org = (
      res.body as { channels: { name: string; hasRefreshToken: boolean; accessTokenExpiresAt: string }[] }
    ).channels.find((c) => c.name === 'Org OAuth');
    expect(org).toMatchObject({ hasRefreshToken: true });
    expect(new Date(org!.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('a state cannot be used twice, and a refused consent says so', async () => {
    const start = await admin.api.get('/api/v1/channels/oauth/linkedin/start?mode=sandbox');
    const state = new URL(start.body.url).searchParams.get('state');
    const denied = await admin.api.get(
      `/api/v1/channels/oauth/linkedin/callback?state=${state}&error=user_cancelled_login`,
    );
    expect(denied.status).toBe(400);
    expect(denied.body.error.message).toMatch(/not approved/);
    const again = await admin.api.get(`/api/v1/channels/oauth/linkedin/callback?state=${state}&code=abc`);
    expect(again.body.error.message).toMatch(/expired or was already used/);
  });
});

describe('a refused code', () => {
  it('answers 400 with the platform reason, not a 500', async () => {
    const start = await admin.api.get('/api/v1/channels/oauth/linkedin/start?mode=sandbox');
    const state = new URL(start.body.url).searchParams.get('state');
    const res = await keep(
      admin.api.get(`/api/v1/channels/oauth/linkedin/callback?state=${state}&code=bogus`),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/LinkedIn refused the grant/);
  });
});

describe('a channel whose token was revoked', () => {
  it('is flagged, shown to staff with an alert, and can be reconnected', async () => {
    const created = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'linkedin',
      name: 'Révoquée',
    });
    const channel = created.body as { id: string; externalId: string };
    const creds = await getPublishingCredentials(channel.id);
    await sandbox.fault('linkedin', channel.externalId, { tokenRevoked: true });
    const err = await getAdapter('linkedin', 'sandbox')
      .publishImagePost({
        credentials: creds.credentials,
        caption: 'Hello',
        image: tinyPng(),
        mime: 'image/png',
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectError);
    await reportAdapterError(channel.id, err);

    const after = await keep(admin.api.get(`/api/v1/channels/${channel.id}`));
    expect(after.body).toMatchObject({ status: 'needs_reconnection' });
    await expect(getPublishingCredentials(channel.id)).rejects.toBeInstanceOf(ReconnectError);

    const page = await keep(admin.api.get('/channels', { headers: { accept: 'text/html' } }));
    expect(page.status).toBe(200);
    expect(page.text).toContain('role="alert"');
    expect(page.text).toContain(`/api/v1/channels/oauth/linkedin/start?channelId=${channel.id}`);

    await sandbox.clearFaults('linkedin', channel.externalId);
    const res = await keep(connectThroughOAuth(admin.api, 'linkedin', `channelId=${channel.id}`));
    expect(res.status).toBe(200);
    expect((res.body as { channels: unknown[] }).channels).toHaveLength(1);
    expect((await admin.api.get(`/api/v1/channels/${channel.id}`)).body.status).toBe('connected');
  });
});

describe('calls through a channel', () => {
  it('publishes and reads metrics with the stored token', async () => {
    const created = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'facebook',
      name: 'Page publiée',
    });
    const result = await publishImageToChannel(created.body.id, {
      caption: 'Via le canal',
      image: tinyPng(),
      mime: 'image/png',
    });
    const metrics = await fetchChannelMetrics(created.body.id, [result.postId]);
    expect(typeof metrics[result.postId]!.views).toBe('number');
    expect(await sandbox.feed('facebook', created.body.externalId)).toContain('Via le canal');
  });

  it('when a LinkedIn token expired early, refreshes it once and publishes', async () => {
    const created = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'linkedin',
      name: 'Expirée tôt',
    });
    await sandbox.fault('linkedin', created.body.externalId, { tokenExpired: true });
    const result = await publishImageToChannel(created.body.id, {
      caption: 'Après refresh',
      image: tinyPng(),
      mime: 'image/png',
    });
    expect(result.postId).toMatch(/^urn:li:/);
    expect((await admin.api.get(`/api/v1/channels/${created.body.id}`)).body.status).toBe('connected');
    expect((await ChannelModel.findById(created.body.id).lean())!.lastRefreshedAt).toBeInstanceOf(Date);
    await sandbox.clearFaults('linkedin', created.body.externalId);
  });

  it('when a Facebook token was revoked, the publication fails with a reconnect error and the channel is flagged', async () => {
    const created = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'facebook',
      name: 'Page révoquée',
    });
    await sandbox.fault('facebook', created.body.externalId, { tokenRevoked: true });
    const err = await publishImageToChannel(created.body.id, {
      caption: 'x',
      image: tinyPng(),
      mime: 'image/png',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectError);
    expect((await admin.api.get(`/api/v1/channels/${created.body.id}`)).body).toMatchObject({
      status: 'needs_reconnection',
      statusReason: expect.stringMatching(/revoked|invalid/),
    });
    await sandbox.clearFaults('facebook', created.body.externalId);
  });
});

describe('token upkeep', () => {
  it('the periodic check flags a channel whose token was revoked, and only that one', async () => {
    const fb = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'facebook',
      name: 'FB révoquée',
    });
    const li = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'linkedin',
      name: 'LI révoquée',
    });
    await sandbox.fault('facebook', fb.body.externalId, { tokenRevoked: true });
    await sandbox.fault('linkedin', li.body.externalId, { tokenRevoked: true });
    const result = await verifyConnectedChannels();
    expect(result.flagged).toBe(2);
    expect((await admin.api.get(`/api/v1/channels/${fb.body.id}`)).body.status).toBe('needs_reconnection');
    expect((await admin.api.get(`/api/v1/channels/${li.body.id}`)).body.status).toBe('needs_reconnection');
    await sandbox.clearFaults('facebook', fb.body.externalId);
    await sandbox.clearFaults('linkedin', li.body.externalId);
  });

  it('refreshes LinkedIn tokens ahead of expiry and keeps the refresh token', async () => {
    const created = await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'linkedin',
      name: 'Bientôt expirée',
    });
    const before = await ChannelModel.findById(created.body.id).lean();
    await ChannelModel.updateOne(
      { _id: created.body.id },
      { $set: { accessTokenExpiresAt: new Date(Date.now() + 3600_000) } },
    );
    const result = await refreshExpiringTokens();
    expect(result.refreshed).toBeGreaterThanOrEqual(1);
    const after = await ChannelModel.findById(created.body.id).lean();
    expect(after!.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 24 * 3600_000);
    expect(tokenVault().open(after!.refreshToken as SealedSecret)).toBe(
      tokenVault().open(before!.refreshToken as SealedSecret),
    );
  });

  it('a refresh answer without a refresh token leaves the stored one alone', () => {
    const update = tokenUpdate({ accessToken: 'new', scopes: [] });
    expect(update).not.toHaveProperty('refreshToken');
    expect(update).not.toHaveProperty('refreshTokenExpiresAt');
  });

  it('after a key rotation, every token is re-sealed with the new key and still opens', async () => {
    const oldKey = app.config.ENCRYPTION_KEY;
    const plain = tokenVault().open((await ChannelModel.findOne().lean())!.accessToken as SealedSecret);
    setConfig({
      ...app.config,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ENCRYPTION_KEYS_OLD: oldKey,
    });
    try {
      expect(await rotateTokenEncryption()).toBeGreaterThan(0);
      const docs = await ChannelModel.find().lean();
      for (const doc of docs) expect((doc.accessToken as SealedSecret).keyId).toBe(tokenVault().currentKeyId);
      expect(tokenVault().open(docs[0]!.accessToken as SealedSecret)).toBe(plain);
      expect(await rotateTokenEncryption()).toBe(0);
    } finally {
      setConfig(app.config);
    }
  });
});

describe('secrets', () => {
  it('no stored token appears in the captured logs or in any API answer', async () => {
    const docs = await ChannelModel.find().lean();
    expect(docs.length).toBeGreaterThan(3);
    const vault = tokenVault();
    const tokens = docs.flatMap((d) =>
      [d.accessToken, d.refreshToken].filter(Boolean).map((s) => {
        try {
          return vault.open(s as SealedSecret);
        } catch {
          return undefined;
        }
      }),
    );
    const everything = logs.text() + outputs.join('\n');
    expect(logs.text().length).toBeGreaterThan(0);
    for (const token of tokens.filter((t): t is string => Boolean(t)))
      expect(everything).not.toContain(token);
    // Nor any other sandbox token (user tokens included): they all share these prefixes.
    expect(everything).not.toMatch(/\b(EAA[UP]|AQ[VX])[A-Za-z0-9_-]{20,}/);
  });
});
