import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAdminKey, sandboxKeyHeader } from '../../server/lib/sandbox-key.js';
import { connectSandbox } from '../../server/modules/channels/channel.service.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { NODE_ENV: 'production', SANDBOX_ENABLED: 'true' } });
});
afterAll(async () => {
  await app?.close();
});

describe('the simulator in production, when SANDBOX_ENABLED', () => {
  it('hides its admin endpoints from anyone without the install sandbox key', async () => {
    const res = await app
      .anonymous()
      .post('/sandbox/_admin/accounts', { platform: 'facebook', name: 'Intrus' });
    expect(res.status).toBe(404);
    const faults = await app.anonymous().put('/sandbox/_admin/faults/facebook/1', { tokenRevoked: true });
    expect(faults.status).toBe(404);
  });

  it('still lets Vitrine provision sandbox channels with its key', async () => {
    const channel = await connectSandbox({ platform: 'linkedin', name: 'Pôle démo' });
    expect(channel).toMatchObject({ platform: 'linkedin', mode: 'sandbox', status: 'connected' });
    const list = await app
      .anonymous()
      .get('/sandbox/_admin/accounts', { headers: { [sandboxKeyHeader]: sandboxAdminKey() } });
    expect(list.status).toBe(200);
  });

  it('shows its account list, feeds and media to signed-in staff only', async () => {
    const page = await app
      .anonymous()
      .post(
        '/sandbox/_admin/accounts',
        { platform: 'facebook', name: 'Page des feeds' },
        { headers: { [sandboxKeyHeader]: sandboxAdminKey() } },
      );
    expect(page.status).toBe(201);
    const feed = `/sandbox/feeds/facebook/${page.body.externalId}`;
    for (const path of ['/sandbox/', feed, '/sandbox/media/0123456789abcdef01234567']) {
      const anonymous = await app.anonymous().get(path, { headers: browser });
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.text).not.toContain('Page des feeds');
    }
    const enterprise = await (await app.createUser('admin')).api.post('/api/v1/enterprises', {
      name: 'Coop membre',
      legalForm: 'worker_coop',
      territory: 'Sherbrooke',
      sector: 'food',
    });
    const member = await app.createUser('member', { enterpriseId: enterprise.body.id });
    const memberSession = await signInToDashboard(app, member.user.email);
    expect((await memberSession.client.get('/sandbox/', { headers: browser })).status).toBe(404);

    const staff = await app.createUser('strategist');
    const { client } = await signInToDashboard(app, staff.user.email);
    const list = await client.get('/sandbox/', { headers: browser });
    expect(list.status).toBe(200);
    expect(list.text).toContain('Page des feeds');
    expect((await client.get(feed, { headers: browser })).status).toBe(200);
  });

  it('keeps the platform API paths reachable with platform tokens, as the adapters call them', async () => {
    const page = await app
      .anonymous()
      .post(
        '/sandbox/_admin/accounts',
        { platform: 'facebook', name: 'Page API' },
        { headers: { [sandboxKeyHeader]: sandboxAdminKey() } },
      );
    const me = await app.anonymous().get('/sandbox/facebook/v25.0/me', {
      headers: { authorization: `Bearer ${page.body.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: page.body.externalId });
    const bad = await app
      .anonymous()
      .get('/sandbox/facebook/v25.0/me', { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.type).toBe('OAuthException');
  });
});
