import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRenderWorker } from '../../workers/render.worker.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';
import { until } from '../setup/poll.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ beforeApp: () => void startRenderWorker() });
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

  it('offer the enterprises as searchable checkboxes (no Ctrl-click), the checked ones kept and first', async () => {
    const admin = await app.createUser('admin', { email: 'camp-pick@example.test' });
    await createEnterprise(admin.api, { name: 'Aaa Coop pas choisie' });
    const pickedId = (await createEnterprise(admin.api, { name: 'Zzz Coop choisie' })).id;
    const { client, csrf } = await signInToDashboard(app, 'camp-pick@example.test');
    const first = await client.get('/campaigns/new', { headers: browser });
    expect(first.text).not.toMatch(/<select[^>]*name="enterpriseIds"/);
    expect(first.text).toContain('class="picker-search"');
    const res = await client.request(
      'POST',
      '/campaigns',
      form({
        _csrf: csrf,
        name: 'Choix',
        status: 'draft',
        start: '2027-02-10',
        end: '2027-02-01',
        enterpriseIds: pickedId,
      }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(
      new RegExp(
        `<ul class="picker-options" id="enterpriseIds-options"><li><label><input type="checkbox" name="enterpriseIds" value="${pickedId}" checked>`,
      ),
    );
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

  it('render every ad of a campaign from its page and show the progress until all are done', async () => {
    const admin = await app.createUser('admin');
    const enterprise = (await createEnterprise(admin.api, { name: 'Coop Rendue' })).id;
    const campaign = (
      await createCampaign(admin.api, { name: 'Campagne à rendre', enterpriseIds: [enterprise] })
    ).id;
    for (const figure of ['12', '34']) {
      await createAd(admin.api, campaign, [enterprise], {
        templateId: 'chiffre-impact',
        fields: { figure, impact: 'emplois créés' },
      });
    }
    const { client, csrf } = await signInToDashboard(app, 'camp-strat@example.test');
    const page = await client.get(`/campaigns/${campaign}`, { headers: browser });
    expect(page.text).toContain('Générer toutes les images');
    const queued = await client.request('POST', `/campaigns/${campaign}/render`, form({ _csrf: csrf }));
    expect(queued.status).toBe(303);
    const progressPage = queued.headers.get('location')!;
    expect(progressPage).toMatch(/\?batch=[0-9a-f-]{36}$/);
    expect((await client.get(progressPage, { headers: browser })).text).toMatch(/sur 2 publicités générées/);

    const batch = progressPage.split('batch=')[1];
    const { text: fragment } = await until(
      () => client.get(`/campaigns/${campaign}/render-progress?batch=${batch}`, { headers: browser }),
      (r) => r.text.includes('sont prêtes'),
    );
    expect(fragment).toContain('2 sur 2 publicités générées');
    expect(fragment).not.toContain('hx-trigger');
  });
});
