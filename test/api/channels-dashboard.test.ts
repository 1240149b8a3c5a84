import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent, Sandbox } from '../adapters/sandbox.helpers.js';
import { startTestApp, type TestApp, testPassword } from '../setup/app.js';
import type { HttpClient } from '../setup/http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const browser = { accept: 'text/html' };
const form = (fields: Record<string, string>) => ({
  raw: new URLSearchParams(fields).toString(),
  headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' },
});
const csrfIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

async function signedIn(role: 'admin' | 'strategist'): Promise<{ client: HttpClient; csrf: string }> {
  const { user } = await app.createUser(role, { locale: 'en' });
  const client = app.anonymous();
  const login = await client.get('/login', { headers: browser });
  await client.request(
    'POST',
    '/login',
    form({ email: user.email, password: testPassword, _csrf: csrfIn(login.text), next: '/' }),
  );
  const page = await client.get('/channels', { headers: browser });
  return { client, csrf: csrfIn(page.text) };
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
