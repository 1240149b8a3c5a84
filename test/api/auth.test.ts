import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('sign-in', () => {
  it('signs in with email and password, rotates the session and returns a CSRF token', async () => {
    const { user } = await app.createUser('strategist', { email: 'ana@example.test' });
    const client = app.anonymous();
    await client.get('/api/v1/auth/me');
    const res = await client.post('/api/v1/auth/login', {
      email: 'ANA@example.test',
      password: 'correct horse battery staple',
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, role: 'strategist' });
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(res.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = res.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/vitrine\.sid=.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await client.get('/api/v1/auth/me')).body.user.email).toBe('ana@example.test');
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    await app.createUser('admin', { email: 'bob@example.test' });
    const wrong = await app
      .anonymous()
      .post('/api/v1/auth/login', { email: 'bob@example.test', password: 'nope-nope-nope' });
    const unknown = await app
      .anonymous()
      .post('/api/v1/auth/login', { email: 'nobody@example.test', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('unauthorized');
  });

  it('throttles repeated failures on one account with 429 and Retry-After', async () => {
    await app.createUser('admin', { email: 'carl@example.test' });
    const client = app.anonymous();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await client.post('/api/v1/auth/login', { email: 'carl@example.test', password: `wrong-${i}` }))
          .status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const blocked = await client.post('/api/v1/auth/login', {
      email: 'carl@example.test',
      password: 'correct horse battery staple',
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('rejects a session-authenticated change without the CSRF token', async () => {
    await app.createUser('admin', { email: 'dana@example.test' });
    const client = app.anonymous();
    const login = await client.post('/api/v1/auth/login', {
      email: 'dana@example.test',
      password: 'correct horse battery staple',
    });
    const refused = await client.post('/api/v1/auth/tokens', { name: 'script' });
    expect(refused.status).toBe(403);
    const ok = await client.post(
      '/api/v1/auth/tokens',
      { name: 'script' },
      { headers: { 'x-csrf-token': login.body.csrfToken } },
    );
    expect(ok.status).toBe(201);
  });

  it('issues personal API tokens shown once, stored hashed, revocable', async () => {
    const admin = await app.createUser('admin');
    const created = await admin.api.post('/api/v1/auth/tokens', { name: 'cron' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^vit_/);
    const list = await admin.api.get('/api/v1/auth/tokens');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const { HttpClient } = await import('../setup/http.js');
    const viaToken = new HttpClient(app.baseUrl, created.body.token);
    expect((await viaToken.get('/api/v1/auth/me')).status).toBe(200);
    expect((await admin.api.delete(`/api/v1/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await viaToken.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('answers 401 in the one error format when nobody is signed in', async () => {
    const res = await app.anonymous().get('/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });
});

describe('users', () => {
  it('lets an admin create users and refuses duplicates and bad input with field details', async () => {
    const admin = await app.createUser('admin');
    const ok = await admin.api.post('/api/v1/users', {
      email: 'eve@example.test',
      name: 'Eve',
      password: 'a long enough pass',
      role: 'strategist',
    });
    expect(ok.status).toBe(201);
    const dup = await admin.api.post('/api/v1/users', {
      email: 'EVE@example.test',
      name: 'Eve 2',
      password: 'a long enough pass',
      role: 'strategist',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual([{ field: 'email', message: 'is already used' }]);
    const bad = await admin.api.post('/api/v1/users', {
      email: 'x',
      name: '',
      password: 'short',
      role: 'king',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['email', 'extra', 'name', 'password', 'role']);
    const member = await admin.api.post('/api/v1/users', {
      email: 'm@example.test',
      name: 'M',
      password: 'a long enough pass',
      role: 'member',
    });
    expect(member.status).toBe(400);
    expect(member.body.error.details).toEqual([
      { field: 'enterpriseId', message: 'is required for a member' },
    ]);
  });

  it('keeps the users API to admins', async () => {
    const strategist = await app.createUser('strategist');
    expect((await strategist.api.get('/api/v1/users')).status).toBe(403);
  });

  it('answers malformed JSON with 400 invalid_json, never a 500', async () => {
    const admin = await app.createUser('admin');
    const res = await admin.api.request('POST', '/api/v1/users', {
      raw: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });
});
