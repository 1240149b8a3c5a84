import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSandbox } from '../../server/modules/channels/channel.service.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { launchChromium, submitSignIn } from '../setup/browser.js';
import { approvalLinkIn, startMailbox, type TestMailbox } from '../setup/smtp.js';

let app: TestApp;
let browser: Browser;
let mailbox: TestMailbox;

beforeAll(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ env: { SMTP_URL: mailbox.url } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await mailbox?.close();
});

describe('approval in a browser', () => {
  it('staff ask, the member approves through the emailed link, and the ad becomes schedulable', async () => {
    const admin = await app.createUser('admin', { email: 'equipe@pole.example' });
    const enterprise = await createEnterprise(admin.api, {
      name: 'Boulangerie La Mie Solidaire',
      contactEmail: 'direction@mie.example',
    });
    const today = DateTime.now().setZone(app.config.HUB_TIMEZONE);
    const campaign = await createCampaign(admin.api, {
      name: 'J’achète local',
      enterpriseIds: [enterprise.id],
      requiresApproval: true,
      period: { start: today.toISODate(), end: today.plus({ days: 30 }).toISODate() },
    });
    const ad = await createAd(admin.api, campaign.id, [enterprise.id], {
      templateId: 'chiffre-impact',
      caption: { default: 'Du pain au levain, fait ici par 12 personnes.' },
    });
    const channel = await connectSandbox({
      platform: 'facebook',
      name: 'Page du pôle',
      owner: { kind: 'hub' },
    });
    const schedule = () =>
      admin.api.post('/api/v1/publications', {
        adId: ad.id,
        channelIds: [channel.id],
        at: today.plus({ days: 2 }).set({ hour: 10, minute: 0 }).toISO(),
      });
    const refused = await schedule();
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'adId' });

    const staff = await browser.newContext({ locale: 'fr-CA' });
    const staffPage = await staff.newPage();
    staffPage.setDefaultTimeout(10_000);
    await staffPage.goto(`${app.baseUrl}/login?next=/ads/${ad.id}`);
    await submitSignIn(staffPage, 'equipe@pole.example');
    await staffPage.waitForURL(new RegExp(`/ads/${ad.id}`));
    await staffPage.getByRole('button', { name: 'Demander l’approbation' }).click();
    await expect
      .poll(() => staffPage.getByRole('status').first().textContent())
      .toContain('Approbation demandée');

    const mail = await mailbox.waitFor('direction@mie.example', /Approbation demandée/);
    expect(mail?.text).toContain('Boulangerie La Mie Solidaire');
    const link = approvalLinkIn(mail);

    const visitor = await browser.newContext({ locale: 'fr-CA' });
    const page = await visitor.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(link);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Approbation d’une publicité');
    await expect.poll(() => page.locator('main').textContent()).toContain('Du pain au levain');
    await page.getByRole('button', { name: 'Approuver' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('La publicité est approuvée');

    const accepted = await schedule();
    expect(accepted.status).toBe(201);

    await staffPage.reload();
    const section = staffPage.locator('#approval');
    await expect.poll(() => section.textContent()).toContain('Approuvée');
    await expect.poll(() => section.textContent()).toContain('par lien courriel');

    await page.goto(link);
    await expect.poll(() => page.locator('main').textContent()).toContain('déjà été utilisé');
    expect(errors).toEqual([]);
    await staff.close();
    await visitor.close();
  });
});
