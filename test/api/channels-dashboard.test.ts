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

  it('a refused sandbox form says why beside the field, checked by the server, not the browser', async () => {
    const { client, csrf } = await signedIn('admin');
    const list = await client.get('/channels', { headers: browser });
    expect(list.text).toMatch(
      /<form method="post" action="\/channels\/sandbox#sandbox" class="form" novalidate>/,
    );
    const res = await client.request(
      'POST',
      '/channels/sandbox',
      form({ _csrf: csrf, platform: 'linkedin', name: '' }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<p class="field-error" id="f-name-error">is required<\/p>/);
    expect(res.text).toMatch(/<option value="linkedin" selected>/);
  });

  it('in French too, beside the field', async () => {
    const { user } = await app.createUser('admin', { locale: 'fr' });
    const { client, csrf } = await signInToDashboard(app, user.email);
    const res = await client.request(
      'POST',
      '/channels/sandbox',
      form({ _csrf: csrf, platform: 'linkedin', name: ' ' }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<p class="field-error" id="f-name-error">est obligatoire<\/p>/);
    expect(res.text).toMatch(/<a href="#f-name">Nom<\/a> : est obligatoire/);
  });

  it('removing a channel asks first, on a page that works without JavaScript', async () => {
    const { client, csrf } = await signedIn('admin');
    await client.request(
      'POST',
      '/channels/sandbox',
      form({ _csrf: csrf, platform: 'linkedin', name: 'À retirer' }),
    );
    const list = await client.get('/channels', { headers: browser });
    const id = /href="\/channels\/([a-f0-9]{24})\/delete" aria-label="Remove the channel À retirer"/.exec(
      list.text,
    )?.[1];
    expect(id).toBeDefined();
    const ask = await client.get(`/channels/${id}/delete`, { headers: browser });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Remove the channel “À retirer”?');
    expect(ask.text).toContain('href="/channels">No, keep it</a>');
    // A post without the confirmation (an old form, a crafted link) only leads to the question.
    const unconfirmed = await client.request('POST', `/channels/${id}/delete`, form({ _csrf: csrf }));
    expect([unconfirmed.status, unconfirmed.headers.get('location')]).toEqual([
      303,
      `/channels/${id}/delete`,
    ]);
    expect((await client.get('/channels', { headers: browser })).text).toContain('À retirer');
    const done = await client.request(
      'POST',
      `/channels/${id}/delete`,
      form({ _csrf: csrf, confirm: 'yes' }),
    );
    expect(done.status).toBe(303);
    expect((await client.get('/channels', { headers: browser })).text).not.toContain('À retirer');
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

  it('a platform without app credentials is said in words, not shown as a greyed button', async () => {
    const { client } = await signedIn('admin');
    const page = await client.get('/channels', { headers: browser });
    const real = /<h2>Connect a real account<\/h2>([\s\S]*?)<\/section>/.exec(page.text)?.[1] ?? '';
    expect(real).not.toMatch(/aria-disabled|<span class="button"/);
    expect(real).toMatch(/<li>(Facebook|LinkedIn): app credentials not configured<\/li>/);
  });

  it('a strategist sees the list without the connect forms', async () => {
    const { client } = await signedIn('strategist');
    const page = await client.get('/channels', { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('action="/channels/sandbox"');
  });
});
