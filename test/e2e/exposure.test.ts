import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, exposureWorld, publish } from '../api/exposure.fixtures.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { launchChromium, submitSignIn } from '../setup/browser.js';

/** The exposure page in a real browser: charts without JavaScript, and nothing wider than a phone. */
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
  const admin = await app.createUser('admin', { email: 'exposure-e2e@example.test' });
  const w = await exposureWorld(admin.api);
  const base = { campaign: w.campaign, ad: w.ads.duo, enterpriseIds: [w.b, w.a] };
  for (let day = 1; day <= 28; day += 3) {
    await publish({
      ...base,
      channel: day % 2 ? w.facebook : w.linkedin,
      platform: day % 2 ? 'facebook' : 'linkedin',
      publishedAt: `2026-10-${String(day).padStart(2, '0')}T10:00:00-04:00`,
      metrics: counts(100_000 + day * 3_000, [400, 900, 120, 60]),
    });
  }
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the exposure page in a browser', () => {
  it.each([390, 1280])(
    'shows its charts without JavaScript and fits a %i px screen',
    async (width) => {
      const context = await browser.newContext({ locale: 'fr-CA', viewport: { width, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${app.baseUrl}/login`);
      await submitSignIn(page, 'exposure-e2e@example.test');
      await page.waitForURL(`${app.baseUrl}/`);
      const bare = await browser.newContext({
        locale: 'fr-CA',
        viewport: { width, height: 900 },
        javaScriptEnabled: false,
        storageState: await context.storageState(),
      });
      const noJs = await bare.newPage();
      await noJs.goto(`${app.baseUrl}/exposure?month=2026-10`);
      const charts = noJs.locator('figure.exposure-chart svg >> visible=true');
      expect(await charts.count()).toBeGreaterThanOrEqual(1);
      expect(await noJs.locator('figure.exposure-chart svg path').count()).toBeGreaterThan(10);
      const box = await charts.first().boundingBox();
      // Drawn for the screen: on a phone the narrow chart shows at about its own size.
      expect(box!.width).toBeGreaterThan(width < 600 ? 300 : 600);
      expect(box!.width).toBeLessThanOrEqual(width);
      const { scroll, inner } = await noJs.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
      }));
      expect(scroll).toBeLessThanOrEqual(inner);
      await bare.close();
      await context.close();
    },
    60_000,
  );
});
