import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createEnterprise, form, png } from '../fixtures/domain.js';
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
  it('shows an enterprise’s photos as soon as its box is ticked, without saving', async () => {
    const strategist = await app.createUser('strategist', { email: 'photos-strat@example.test' });
    const enterprise = await createEnterprise(strategist.api, { name: 'Café-coop Le Passage' });
    const photo = form('photo', await png(400, 300, '#aa3366'), 'photo.png');
    expect(
      (await strategist.api.request('POST', `/api/v1/enterprises/${enterprise.id}/photos`, { raw: photo }))
        .status,
    ).toBeLessThan(300);
    const campaign = await createCampaign(strategist.api, { enterpriseIds: [enterprise.id] });
    const context = await browser.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${app.baseUrl}/login`);
    await submitSignIn(page, 'photos-strat@example.test');
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto(`${app.baseUrl}/ads/new?campaignId=${campaign.id}&templateId=vitrine-produit`);
    const options = page.locator('.photo-picker .photo-option');
    expect(await options.count()).toBe(1);
    // The search box is a tap target; « Photo par défaut » sits beside its radio, not under it.
    expect((await page.locator('.picker-search').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const radio = (await options.first().locator('input').boundingBox())!;
    const words = (await options.first().locator('span').boundingBox())!;
    expect(words.x).toBeGreaterThan(radio.x + radio.width - 1);
    expect(Math.abs(words.y + words.height / 2 - (radio.y + radio.height / 2))).toBeLessThan(12);
    expect(await page.locator('[data-refresh-photos]').isHidden()).toBe(true);
    await page.getByLabel('Café-coop Le Passage', { exact: true }).check();
    await expect.poll(() => options.count()).toBe(2);
    await expect.poll(() => page.getByText('Photo 1 de Café-coop Le Passage').isVisible()).toBe(true);
    expect(page.url()).toContain('/ads/new?');
    await page.getByLabel('Café-coop Le Passage', { exact: true }).uncheck();
    await expect.poll(() => options.count()).toBe(1);
    await context.close();
  }, 60_000);

  it('redraws the live preview as the headline is typed, draws emoji, and says which field cannot be drawn', async () => {
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
    // The enterprise picker: a search box, then the keyboard (Enter checks the first match).
    const search = page.getByRole('searchbox', { name: 'Chercher une entreprise' });
    await search.fill('jardins');
    await search.press('Enter');
    await expect.poll(() => page.getByLabel('Coop Les Jardins du Lac').isChecked()).toBe(true);

    const preview = page.getByRole('img', { name: 'Aperçu en direct' });
    const shown = () =>
      preview.evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth > 0 ? img.src : ''));
    await expect.poll(shown).not.toBe('');
    const first = await shown();
    await page.getByLabel('Titre', { exact: false }).fill('Des paniers bio livrés chaque jeudi');
    await expect.poll(shown).not.toBe(first);
    const typed = await shown();
    expect(typed).toMatch(/\/ads\/previews\/[a-f0-9]{32}\.jpg$/);
    // Emoji are drawn (no refusal); a script no bundled font has is still named.
    await page.getByLabel('Titre', { exact: false }).fill('Des paniers bio 🥕');
    await expect.poll(shown).toMatch(/\/ads\/previews\/[a-f0-9]{32}\.jpg$/);
    await expect.poll(async () => (await shown()) !== typed && (await shown()) !== '').toBe(true);
    expect(await page.locator('#ad-preview').textContent()).not.toContain('contient des caractères');
    await page.getByLabel('Titre', { exact: false }).fill('Des paniers bio 𓀀');
    await expect
      .poll(() => page.locator('#ad-preview').textContent())
      .toContain('contient des caractères que les polices du gabarit ne peuvent pas dessiner : 𓀀');

    // The counter warns as one types past the limit; nothing is cut.
    await page.getByLabel('Titre', { exact: false }).fill('x'.repeat(90));
    await expect.poll(() => page.locator('#f-fields\\.headline-count').textContent()).toContain('90 / 80');
    expect(await page.getByLabel('Titre', { exact: false }).inputValue()).toHaveLength(90);
    await page.getByLabel('Titre', { exact: false }).fill('Des paniers bio 🥕 chaque jeudi');

    // Form and preview side by side on a wide screen; the preview stays in view down the form.
    await page.setViewportSize({ width: 1400, height: 900 });
    const formBox = (await page.locator('.ad-editor-inputs').boundingBox())!;
    const previewBox = (await page.locator('.ad-editor-preview').boundingBox())!;
    expect(previewBox.x).toBeGreaterThan(formBox.x + formBox.width - 1);
    await page.getByLabel('Texte de la publication').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('#ad-preview img').isVisible()).toBe(true);
    const inView = await page.locator('#ad-preview img').evaluate((img) => {
      const r = img.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    expect(inView).toBe(true);

    // Choosing another template re-renders the form at once, with no separate button.
    expect(await page.locator('[data-switch-template]').isHidden()).toBe(true);
    await page.locator('#pick-template').selectOption('portrait-citation');
    await page.waitForURL(/\/ads\/new/);
    await expect.poll(() => page.locator('[name="fields.quote"]').count()).toBe(1);
    await expect.poll(() => page.getByLabel('Coop Les Jardins du Lac').isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
