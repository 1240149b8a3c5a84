import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/app.js';
import { call, png } from './sim-server.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('the simulator inside the web process', () => {
  it('serves the sandbox under /sandbox: provisioning, a photo post and its feed page', async () => {
    const sandbox = `${app.baseUrl}/sandbox`;
    const created = await call(`${sandbox}/_admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'facebook', name: 'Marché public' }),
    });
    expect(created.status).toBe(201);
    const { externalId, accessToken } = created.body;
    const form = new FormData();
    form.set('access_token', accessToken);
    form.set('caption', 'Visible dans le fil');
    form.set('source', new Blob([new Uint8Array(png())], { type: 'image/png' }), 'ad.png');
    const posted = await call(`${sandbox}/facebook/v25.0/${externalId}/photos`, {
      method: 'POST',
      body: form,
    });
    expect(posted.body).toEqual({ id: expect.any(String), post_id: expect.any(String) });
    const feed = await call(`${sandbox}/feeds/facebook/${externalId}`);
    expect(feed.text).toContain('Visible dans le fil');
    expect((await call(`${sandbox}/media/${posted.body.id}`)).headers.get('content-type')).toBe('image/png');
    expect((await call(`${sandbox}/`)).text).toContain('Marché public');
  });
});
