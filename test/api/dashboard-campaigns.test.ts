import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('campaign pages', () => {
  it('let a strategist create a campaign and find it in the list and on its page', async () => {
    await app.createUser('strategist', { email: 'camp-strat@example.test' });
    const { client, csrf } = await signInToDashboard(app, 'camp-strat@example.test');
    const created = await client.request(
      'POST',
      '/campaigns',
      form({
        _csrf: csrf,
        name: 'Mois de la coop',
        status: 'draft',
        start: '2027-01-01',
        end: '2027-01-31',
        theme: 'Les coops',
        hashtags: '#coop #estrie',
      }),
    );
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/campaigns\/[a-f0-9]{24}$/);
    const page = await client.get(location, { headers: browser });
    expect(page.text).toContain('Mois de la coop');
    expect(page.text).toContain('#coop');
    expect((await client.get('/campaigns', { headers: browser })).text).toContain('Mois de la coop');
  });

  it('show a period that ends before it starts as an error beside the end date, keeping what was typed', async () => {
    const { client, csrf } = await signInToDashboard(app, 'camp-strat@example.test');
    const res = await client.request(
      'POST',
      '/campaigns',
      form({
        _csrf: csrf,
        name: 'À l’envers',
        status: 'draft',
        start: '2027-02-10',
        end: '2027-02-01',
        theme: '',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="f-end"[^>]*aria-describedby="f-end-error"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('id="f-end-error">doit être le même jour que le début ou après</p>');
    expect(res.text).toContain('value="À l’envers"');
  });
});
