import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAdminKey, sandboxKeyHeader } from '../../server/lib/sandbox-key.js';
import { connectSandbox } from '../../server/modules/channels/channel.service.js';
import { startTestApp, type TestApp } from '../setup/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { NODE_ENV: 'production' } });
});
afterAll(async () => {
  await app?.close();
});

describe('the simulator in production', () => {
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
    const keyed = await app
      .anonymous()
      .get('/sandbox/_admin/accounts', { headers: { [sandboxKeyHeader]: sandboxAdminKey() } });
    expect(keyed.status).toBe(200);
  });
});
