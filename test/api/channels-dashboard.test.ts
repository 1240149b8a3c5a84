import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent, Sandbox } from '../adapters/sandbox.helpers.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

async function signedIn(role: 'admin' | 'strategist') {
  const { user } = await app.createUser(role, { locale: 'en' });
  return signInToDashboard(app, user.email);
}

describe('channels page', () => {
  it('an admin connects a sandbox channel from the dashboard and sees it connected', async () => {
    const { client, csrf } = await signedIn('admin');
    const res = await client.request(
      'POST',
      '/channels/sandbox',
      form({ _csrf: csrf, platform: 'linkedin', name: 'Pôle LinkedIn', enterpriseId: '' }),
    );
    expect(res.status).toBe(303);
    const page = await client.get('/channels', { headers: browser });
    expect(page.text).toContain('Pôle LinkedIn');
    expect(page.text).toContain('Connected');
    expect(page.text).toContain('Sandbox');
  });

  it('a refused sandbox form says why', async () => {
    const { client, csrf } = await signedIn('admin');
    await client.request('POST', '/channels/sandbox', form({ _csrf: csrf, platform: 'linkedin', name: '' }));
    const page = await client.get('/channels', { headers: browser });
    expect(page.text).toContain('flash-error');
    expect(page.text).toMatch(/name/);
  });

  it('an admin connects through the sandbox consent page and lands back on the channel list', async () => {
    const { client } = await signedIn('admin');
    await new Sandbox(`${app.baseUrl}/sandbox`).provision('facebook', 'Page du pôle');
    const start = await client.get('/api/v1/channels/oauth/facebook/start?mode=sandbox', {
      headers: browser,
    });
    expect(start.status).toBe(302);
    const callback = await approveConsent(start.headers.get('location')!);
    const back = await client.get(callback, { headers: browser });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toMatch(/^\/channels\?connected=1/);
    const page = await client.get(back.headers.get('location')!, { headers: browser });
    expect(page.text).toContain('Page du pôle');
    expect(page.text).toContain('1 channel connected.');
  });

  it('a strategist sees the list without the connect forms', async () => {
    const { client } = await signedIn('strategist');
    const page = await client.get('/channels', { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('action="/channels/sandbox"');
  });
});
