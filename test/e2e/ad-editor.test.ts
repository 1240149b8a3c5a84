import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { launchChromium, submitSignIn } from '../setup/browser.js';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('ad editor in a browser', () => {
  it('redraws the live preview as the headline is typed, and says which field cannot be drawn', async () => {
    const strategist = await app.createUser('strategist', { email: 'strat@example.test' });
    const enterprise = await createEnterprise(strategist.api, { name: 'Coop Les Jardins du Lac' });
    const campaign = await createCampaign(strategist.api, { enterpriseIds: [enterprise.id] });
    const context = await browser.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`${app.baseUrl}/login`);
    await submitSignIn(page, 'strat@example.test');
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto(`${app.baseUrl}/ads/new?campaignId=${campaign.id}&templateId=vitrine-produit`);
    await page.getByLabel('Entreprise', { exact: false }).first().selectOption(enterprise.id);

    const preview = page.getByRole('img', { name: 'Aperçu en direct' });
    const shown = () =>
      preview.evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth > 0 ? img.src : ''));
    await expect.poll(shown).not.toBe('');
    const first = await shown();
    await page.getByLabel('Titre', { exact: false }).fill('Des paniers bio livrés chaque jeudi');
    await expect.poll(shown).not.toBe(first);
    const typed = await shown();
    expect(typed).toMatch(/\/ads\/previews\/[a-f0-9]{32}\.jpg$/);
    await page.getByLabel('Titre', { exact: false }).fill('Des paniers bio 🥕');
    await expect
      .poll(() => page.locator('#ad-preview').textContent())
      .toContain('contient des caractères que les polices du gabarit ne peuvent pas dessiner : 🥕');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
