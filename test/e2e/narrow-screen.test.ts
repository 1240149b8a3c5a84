import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { launchChromium, submitSignIn } from '../setup/browser.js';

/**
 * On a phone (390 px wide), no dashboard page scrolls sideways, for every role: each page a
 * user can reach by following links from home, plus the forms reached by buttons.
 */
let app: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};
const longName = 'Coopérative de solidarité en alimentation et services de proximité du Haut-Saint-François';

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
  const admin = await app.createUser('admin', { email: 'narrow-admin@example.test' });
  ids.enterprise = (
    await createEnterprise(admin.api, {
      name: longName,
      website: 'https://une-adresse-tres-longue-pour-une-cooperative.example.org/accueil',
    })
  ).id;
  ids.campaign = (
    await createCampaign(admin.api, {
      name: 'L’économie sociale, j’achète! Campagne printemps–été',
      period: {
        start: new Date().toISOString().slice(0, 10),
        end: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
      },
      enterpriseIds: [ids.enterprise],
    })
  ).id;
  ids.ad = (
    await createAd(admin.api, ids.campaign, [ids.enterprise], {
      templateId: 'vitrine-produit',
      status: 'ready',
      link: 'https://une-adresse-tres-longue-pour-une-cooperative.example.org/produits/paniers-bio-hebdomadaires',
      caption: {
        default: `${'Découvrez nos paniers bio livrés chaque semaine '.repeat(4)}#ÉconomieSociale #Estrie`,
      },
      approval: { required: true },
    })
  ).id;
  ids.channel = (
    await admin.api.post('/api/v1/channels/sandbox', {
      platform: 'linkedin',
      name: 'Page LinkedIn du pôle régional',
    })
  ).body.id;
  await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Page Facebook du pôle' });
  await admin.api.post('/api/v1/publications', {
    adId: ids.ad,
    channelIds: [ids.channel],
    at: new Date(Date.now() + 2 * 86_400_000).toISOString(),
  });
  const month = new Date(Date.now() - 32 * 86_400_000).toISOString().slice(0, 7);
  await admin.api.post('/api/v1/time-entries', {
    enterpriseId: ids.enterprise,
    date: `${month}-10`,
    minutes: 75,
    activity: 'community',
    note: 'Une note assez longue pour voir si la colonne des notes déborde sur un téléphone étroit',
  });
  const built = (await admin.api.post('/api/v1/reports/build', { month })).body.built as { id: string }[];
  const share = await admin.api.post(`/api/v1/reports/${built[0]?.id}/share`, {});
  ids.share = new URL(share.body.url).pathname;
  await app.createUser('strategist', { email: 'narrow-strategist@example.test' });
  await app.createUser('member', { email: 'narrow-member@example.test', enterpriseId: ids.enterprise });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Pages a link does not lead to (buttons, forms): visited too, when the role may see them. */
const formPages = (staff: boolean) =>
  staff
    ? [
        '/enterprises/new',
        '/enterprises/import',
        '/campaigns/new',
        `/campaigns/${ids.campaign}/edit`,
        `/campaigns/${ids.campaign}/plan`,
        `/ads/new?campaignId=${ids.campaign}`,
        `/ads/${ids.ad}/edit`,
        ids.share!,
      ]
    : [];

// Downloads (a shared report's PDF and CSV) are files, not pages.
const skipped = (path: string) =>
  /^\/(static|api|sandbox|simulator|admin\/queues)\b/.test(path) ||
  path.startsWith('//') ||
  /\/(pdf|csv)(\?|$)/.test(path);

/** How far each page is wider than the window: [path, scrollWidth] for those that scroll sideways. */
async function tooWide(page: Page, start: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...start];
  const wide: string[] = [];
  while (queue.length > 0 && seen.size < 80) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await page.goto(`${app.baseUrl}${path}`);
    if (!res?.headers()['content-type']?.includes('html')) continue;
    const { scroll, width, culprit } = await page.evaluate(() => {
      const width = window.innerWidth;
      // The outermost element that sticks out, to say what to fix.
      const out = Array.from(document.querySelectorAll('body *')).find(
        (el) => el.getBoundingClientRect().right > width + 1,
      );
      const culprit = out ? `${out.tagName.toLowerCase()}.${Array.from(out.classList).join('.')}` : '';
      return { scroll: document.documentElement.scrollWidth, width, culprit };
    });
    if (scroll > width) wide.push(`${path} is ${scroll} px wide (${culprit})`);
    const links = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const link of links)
      if (!skipped(link) && !seen.has(link.split('#')[0]!)) queue.push(link.split('#')[0]!);
  }
  return wide;
}

describe('on a 390 px wide screen', () => {
  it.each(['admin', 'strategist', 'member'] as const)(
    'no page scrolls sideways for a %s',
    async (role) => {
      const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${app.baseUrl}/login`);
      await submitSignIn(page, `narrow-${role}@example.test`);
      await page.waitForURL(`${app.baseUrl}/`);
      expect(await tooWide(page, ['/', ...formPages(role !== 'member')])).toEqual([]);
      await context.close();
    },
    180_000,
  );

  it('the plan preview, a page reached by a form, fits too', async () => {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${app.baseUrl}/login`);
    await submitSignIn(page, 'narrow-strategist@example.test');
    await page.waitForURL(`${app.baseUrl}/`);
    await page.goto(`${app.baseUrl}/campaigns/${ids.campaign}/plan`);
    await page.getByRole('button', { name: 'Voir le plan' }).click();
    await page.waitForSelector('#plan-preview, #error-summary');
    const { scroll, width } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
    }));
    expect(scroll).toBeLessThanOrEqual(width);
    await context.close();
  }, 60_000);

  it('folds the menu behind a button, which opens it', async () => {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${app.baseUrl}/login`);
    await submitSignIn(page, 'narrow-admin@example.test');
    await page.waitForURL(`${app.baseUrl}/`);
    const menu = page.getByRole('button', { name: 'Menu' });
    const link = page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Campagnes' });
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => link.isVisible()).toBe(false);
    await menu.click();
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => link.isVisible()).toBe(true);
    await context.close();
  });
});
