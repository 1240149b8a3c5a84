import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { launchChromium, submitSignIn } from '../setup/browser.js';

let app: TestApp;
let browser: Browser;
let campaignId: string;
let enterpriseId: string;
const shots = process.env.EDITOR_SCREENSHOTS;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser('admin', { email: 'editor@example.test' });
  enterpriseId = (await createEnterprise(admin.api, { name: 'Coop du Lac', brandColor: '#2A6F97' })).id;
  campaignId = (await createCampaign(admin.api, { enterpriseIds: [enterpriseId] })).id;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('ad editor in a browser', () => {
  it('re-renders the preview as the user types, then saves the ad and shows its post previews', async () => {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 1400 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${app.baseUrl}/login`);
    await submitSignIn(page, 'editor@example.test');
    await page.waitForURL(`${app.baseUrl}/`);

    await page.goto(`${app.baseUrl}/ads/new?campaignId=${campaignId}&templateId=chiffre-impact`);
    await page.locator(`#f-enterpriseIds input[value="${enterpriseId}"]`).check();
    const preview = page.locator('#ad-preview img');
    const first = await preview.getAttribute('src');
    await page.locator('[name="fields.figure"]').fill('42');
    await page.locator('[name="fields.impact"]').fill('emplois créés dans la région');
    await expect.poll(() => preview.getAttribute('src')).not.toBe(first);
    await expect
      .poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(1200);
    if (shots) await page.screenshot({ path: `${shots}/editor.png`, fullPage: true });

    await page.locator('[name="caption"]').fill('Bravo à la Coop du Lac! #ESS');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/ads\/[a-f0-9]{24}$/);
    await expect.poll(() => page.locator('.post-card').count()).toBe(2);
    await expect
      .poll(() =>
        page.locator('.post-facebook .post-image img').evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(1200);
    if (shots) await page.screenshot({ path: `${shots}/ad.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
