import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redis } from '../../server/lib/redis.js';
import { startTestApp, type TestApp, type TestUser, testPassword } from '../setup/app.js';
import type { HttpClient } from '../setup/http.js';

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
});
afterAll(async () => {
  await app?.close();
});

async function signedIn(email: string, password = testPassword): Promise<HttpClient> {
  const client = app.anonymous();
  const res = await client.post('/api/v1/auth/login', { email, password });
  expect(res.status).toBe(200);
  return client;
}

/** The stored session of a signed-in client, read straight from Redis. */
async function storedSession(client: HttpClient): Promise<{ key: string; data: Record<string, unknown> }> {
  const me = await client.get('/api/v1/auth/me');
  expect(me.status).toBe(200);
  const keys = await redis().keys(`${app.config.REDIS_PREFIX}:sess:*`);
  for (const key of keys) {
    const data = JSON.parse((await redis().get(key)) ?? '{}');
    if (data.userId === me.body.user.id) return { key, data };
  }
  throw new Error('session not found');
}

describe('ending sessions and tokens', () => {
  it('when an admin sets a new password, the old session and API token stop answering', async () => {
    const user = await app.createUser('strategist');
    const session = await signedIn(user.user.email);
    expect((await user.api.get('/api/v1/auth/me')).status).toBe(200);

    const res = await admin.api.patch(`/api/v1/users/${user.user.id}`, {
      password: 'a brand new passphrase',
    });
    expect(res.status).toBe(200);

    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect((await user.api.get('/api/v1/auth/me')).status).toBe(401);
    expect(
      (await signedIn(user.user.email, 'a brand new passphrase').then((c) => c.get('/api/v1/auth/me')))
        .status,
    ).toBe(200);
  });

  it('when a user is deactivated, their sessions and tokens end, and do not return on reactivation', async () => {
    const user = await app.createUser('strategist');
    const session = await signedIn(user.user.email);
    expect((await admin.api.patch(`/api/v1/users/${user.user.id}`, { active: false })).status).toBe(200);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect((await user.api.get('/api/v1/auth/me')).status).toBe(401);
    expect((await admin.api.patch(`/api/v1/users/${user.user.id}`, { active: true })).status).toBe(200);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect((await user.api.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('a session ends after its absolute lifetime even while it keeps being used', async () => {
    const user = await app.createUser('strategist');
    const session = await signedIn(user.user.email);
    const { key, data } = await storedSession(session);
    const lifetimeMs = app.config.SESSION_MAX_AGE_HOURS * 3600_000;
    expect(app.config.SESSION_MAX_AGE_HOURS).toBe(7 * 24);
    await redis().set(
      key,
      JSON.stringify({ ...data, signedInAt: Date.now() - lifetimeMs + 60_000 }),
      'EX',
      3600,
    );
    expect((await session.get('/api/v1/auth/me')).status).toBe(200);
    // Renewing the idle expiry never stretches the session past its absolute end.
    expect(await redis().ttl(key)).toBeLessThanOrEqual(60);
    await redis().set(
      key,
      JSON.stringify({ ...data, signedInAt: Date.now() - lifetimeMs - 1000 }),
      'EX',
      3600,
    );
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    expect(await redis().exists(key)).toBe(0);
  });

  it('admins list and revoke any user’s API tokens; members get 404, strategists 403', async () => {
    const user = await app.createUser('strategist');
    const list = await admin.api.get(`/api/v1/users/${user.user.id}/tokens`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ name: 'tests', prefix: expect.stringMatching(/^vit_/) });
    expect(JSON.stringify(list.body)).not.toMatch(/tokenHash/);

    const member = await app.createUser('member', { enterpriseId: '0123456789abcdef01234567' });
    expect((await member.api.get(`/api/v1/users/${user.user.id}/tokens`)).status).toBe(404);
    const tokenId = list.body.data[0].id;
    expect((await member.api.delete(`/api/v1/users/${user.user.id}/tokens/${tokenId}`)).status).toBe(404);
    expect((await user.api.delete(`/api/v1/users/${admin.user.id}/tokens/${tokenId}`)).status).toBe(403);

    expect((await admin.api.delete(`/api/v1/users/${user.user.id}/tokens/${tokenId}`)).status).toBe(204);
    expect((await user.api.get('/api/v1/auth/me')).status).toBe(401);
    expect((await admin.api.get(`/api/v1/users/${user.user.id}/tokens`)).body.data).toEqual([]);
    expect((await admin.api.delete(`/api/v1/users/${user.user.id}/tokens/${tokenId}`)).status).toBe(404);
  });
});
