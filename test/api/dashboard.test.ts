import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise } from '../../server/modules/enterprises/enterprise.service.js';
import { startTestApp, type TestApp, testPassword } from '../setup/app.js';
import { browser, csrfIn, form, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('dashboard', () => {
  it('sends visitors who are not signed in to the sign-in page, keeping where they were going', async () => {
    const res = await app.anonymous().get('/enterprises?territory=Sherbrooke', { headers: browser });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fenterprises%3Fterritory%3DSherbrooke');
  });

  it('serves the stylesheet and htmx with cache headers, and lets visitors choose English before signing in', async () => {
    const css = await app.anonymous().get('/static/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect((await app.anonymous().get('/static/htmx.min.js')).status).toBe(200);
    // An icon, so no page's /favicon.ico request ends in a 404.
    const icon = await app.anonymous().get('/favicon.ico', { headers: browser });
    expect(icon.status).toBe(301);
    const svg = await app.anonymous().get(icon.headers.get('location')!);
    expect([svg.status, svg.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect((await app.anonymous().get('/login', { headers: browser })).text).toContain(
      '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">',
    );
    const client = app.anonymous();
    const login = await client.get('/login', { headers: browser });
    const switched = await client.request(
      'POST',
      '/language',
      form({ locale: 'en', next: '/login', _csrf: csrfIn(login.text) }),
    );
    expect(switched.headers.get('location')).toBe('/login');
    expect((await client.get('/login', { headers: browser })).text).toContain('<h1>Sign in</h1>');
  });

  it('shows an error on the sign-in form when the password is wrong, and never follows an off-site next', async () => {
    await app.createUser('admin', { email: 'wrong@example.test' });
    const client = app.anonymous();
    const login = await client.get('/login', { headers: browser });
    expect(login.text).toContain('<html lang="fr-CA"');
    const res = await client.request(
      'POST',
      '/login',
      form({ email: 'wrong@example.test', password: 'nope', _csrf: csrfIn(login.text) }),
    );
    expect(res.status).toBe(401);
    expect(res.text).toContain('Courriel ou mot de passe incorrect.');
    expect(res.text).toContain('value="wrong@example.test"');
    const ok = await client.request(
      'POST',
      '/login',
      form({
        email: 'wrong@example.test',
        password: testPassword,
        _csrf: csrfIn(res.text),
        next: '//evil.example/',
      }),
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
  });

  it('refuses a signed-in form post without the CSRF token', async () => {
    await app.createUser('admin', { email: 'csrf@example.test' });
    const { client } = await signInToDashboard(app, 'csrf@example.test');
    const res = await client.request('POST', '/enterprises', form({ name: 'Sans jeton' }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('Erreur 403');
    expect(res.text).not.toContain('at ');
  });

  it('speaks French by default and English once the user switches language', async () => {
    await app.createUser('strategist', { email: 'lang@example.test' });
    const { client, csrf } = await signInToDashboard(app, 'lang@example.test');
    expect((await client.get('/', { headers: browser })).text).toContain('Entreprises');
    const switched = await client.request(
      'POST',
      '/language',
      form({ locale: 'en', next: '/enterprises', _csrf: csrf }),
    );
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/enterprises');
    const page = await client.get('/enterprises', { headers: browser });
    expect(page.text).toContain('<html lang="en-CA"');
    expect(page.text).toContain('New enterprise');
    expect((await client.get('/api/v1/auth/me')).body.user.locale).toBe('en');
  });

  it("answers a member asking for another enterprise's page with the 404 page", async () => {
    const admin = await app.createUser('admin');
    const own = await createEnterprise(admin.user, {
      name: 'Coop du Coin',
      legalForm: 'worker_coop',
      territory: 'Coaticook',
      sector: 'food',
    });
    const other = await createEnterprise(admin.user, {
      name: 'Autre OBNL',
      legalForm: 'nonprofit',
      territory: 'Sherbrooke',
      sector: 'housing',
    });
    await app.createUser('member', { enterpriseId: own.id, email: 'member@example.test' });
    const { client } = await signInToDashboard(app, 'member@example.test');
    expect((await client.get(`/enterprises/${own.id}`, { headers: browser })).text).toContain('Coop du Coin');
    const res = await client.get(`/enterprises/${other.id}`, { headers: browser });
    expect(res.status).toBe(404);
    expect(res.text).toContain('Erreur 404');
    expect(res.text).not.toContain('Autre OBNL');
    const list = await client.get('/enterprises', { headers: browser });
    expect(list.text).not.toContain('Autre OBNL');
    expect(list.text).not.toContain('href="/channels"');
  });

  it('shows validation errors beside the field and keeps what was typed', async () => {
    await app.createUser('admin', { email: 'form@example.test' });
    const { client, csrf } = await signInToDashboard(app, 'form@example.test');
    const res = await client.request(
      'POST',
      '/enterprises',
      form({
        _csrf: csrf,
        name: 'Café Solidaire',
        legalForm: 'worker_coop',
        territory: 'Sherbrooke',
        sector: 'food',
        website: 'pas une adresse',
        brandColor: '#1F6F5C',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(
      /<input id="f-website" name="website" type="url" value="pas une adresse" aria-describedby="f-website-error" aria-invalid="true"/,
    );
    expect(res.text).toMatch(/<p class="field-error" id="f-website-error">doit être une adresse Web/);
    expect(res.text).toContain('value="Café Solidaire"');
  });
});
