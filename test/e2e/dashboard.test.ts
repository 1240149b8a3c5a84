import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../fixtures/domain.js';
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

describe('dashboard in a browser', () => {
  it('an admin signs in, creates an enterprise with a logo, and finds it listed with its logo', async () => {
    await app.createUser('admin', { email: 'admin@example.test' });
    const context = await browser.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`${app.baseUrl}/enterprises/new`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await submitSignIn(page, 'admin@example.test');
    await page.waitForURL(/\/enterprises\/new$/);

    await page.getByLabel('Nom', { exact: false }).first().fill('Coopérative Les Jardins du Lac');
    await page.getByLabel('Forme juridique').selectOption('solidarity_coop');
    await page.getByLabel('Territoire (MRC)').selectOption('Memphrémagog');
    await page.getByLabel('Secteur').selectOption('agriculture');
    await page.getByLabel('Site Web').fill('https://jardins.example.org');
    await page.getByLabel('Impact social').fill('12 | emplois créés');
    await page
      .getByLabel('Logo')
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: await png() });
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    await page.waitForURL(/\/enterprises\/[a-f0-9]{24}$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Coopérative Les Jardins du Lac');
    const detailLogo = page.getByRole('img', { name: 'Logo de Coopérative Les Jardins du Lac' });
    await expect
      .poll(() => detailLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);

    await page.goto(`${app.baseUrl}/enterprises`);
    const row = page.getByRole('row', { name: /Coopérative Les Jardins du Lac/ });
    await expect.poll(() => row.count()).toBe(1);
    const listLogo = row.getByRole('img');
    await expect
      .poll(() => listLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);

    await page.getByLabel('Rechercher').fill('zzz-nothing');
    await expect
      .poll(() => page.getByRole('row', { name: /Jardins du Lac/ }).count(), { timeout: 5000 })
      .toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
