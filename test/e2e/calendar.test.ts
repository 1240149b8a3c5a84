import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, submitSignIn } from '../setup/browser.js';
import {
  adFor,
  countPosts,
  type Hub,
  publication,
  sandboxChannel,
  settled,
  startHub,
  type TestChannel,
} from '../workers/publishing.helpers.js';

/**
 * The calendar in Chromium, with the real workers and the sandbox: a drag moves a publication
 * and it goes out at its new time; a drag based on stale data is refused and reverts; at
 * 390 px the calendar is an agenda list that does not scroll sideways.
 */
let hub: Hub;
let browser: Browser;
let facebook: TestChannel;
const email = 'calendar-admin@example.test';
const zone = () => hub.app.config.HUB_TIMEZONE;
const wall = (dt: DateTime) => dt.toFormat("yyyy-MM-dd'T'HH:mm");

beforeAll(async () => {
  hub = await startHub();
  await hub.app.createUser('admin', { email });
  facebook = await sandboxChannel(hub, 'facebook', 'Page du calendrier');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.app.close();
});

async function scheduleAt(adId: string, at: DateTime): Promise<string> {
  const res = await hub.admin.api.post('/api/v1/publications', {
    adId,
    channelIds: [facebook.id],
    at: wall(at),
  });
  expect(res.status, res.text).toBe(201);
  return res.body.data[0].id;
}

async function calendarPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-CA', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${hub.app.baseUrl}/calendar`);
  await submitSignIn(page, email);
  await page.waitForURL(/\/calendar$/);
  await page.locator('.fc').waitFor();
  return page;
}

/** Drags the publication's event onto a day cell of the month grid, as a pointer would. */
async function drag(page: Page, publicationId: string, day: string): Promise<void> {
  const event = page.locator(`[data-publication-id="${publicationId}"]`);
  await event.waitFor();
  const from = (await event.boundingBox())!;
  const to = (await page.locator(`td.fc-daygrid-day[data-date="${day}"]`).boundingBox())!;
  await page.mouse.move(from.x + 10, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + from.height / 2 + 5, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();
}

describe('the calendar in a browser', () => {
  it('staff drag a publication to another day and it is published at the new time', async () => {
    const now = DateTime.now().setZone(zone());
    // A minute or two from now, on its day; the publication starts one day later.
    const target = now.plus({ seconds: 150 }).startOf('minute');
    const adId = await adFor(hub, 'Glissée dans le calendrier');
    const id = await scheduleAt(adId, target.plus({ days: 1 }));
    const page = await calendarPage();
    await drag(page, id, target.toISODate()!);
    await expect.poll(async () => (await publication(hub, id)).fence, { timeout: 20_000 }).toBe(1);
    const moved = await publication(hub, id);
    expect(new Date(moved.scheduledAt).toISOString()).toBe(target.toUTC().toISO());
    const done = await settled(hub, id, ['published', 'failed', 'held', 'missed'], 240_000);
    expect(done.status).toBe('published');
    expect(new Date(done.publishedAt).getTime()).toBeGreaterThanOrEqual(target.toMillis());
    expect(await countPosts(hub, facebook, 'Glissée dans le calendrier')).toBe(1);
    await page.context().close();
  }, 300_000);

  it('refuses a drag based on stale data: the event reverts and a message explains', async () => {
    const start = DateTime.now()
      .setZone(zone())
      .plus({ days: 2 })
      .set({ hour: 10, minute: 0 })
      .startOf('minute');
    const adId = await adFor(hub, 'Modifiée ailleurs');
    const id = await scheduleAt(adId, start);
    const page = await calendarPage();
    await page.locator(`[data-publication-id="${id}"]`).waitFor();
    // Someone else moves it meanwhile (same day, another hour): this page's fence is stale.
    const other = await hub.admin.api.patch(`/api/v1/publications/${id}`, {
      at: wall(start.set({ hour: 15 })),
      fence: 0,
    });
    expect(other.status).toBe(200);
    await drag(page, id, start.plus({ days: 1 }).toISODate()!);
    const problem = page.locator('.calendar-problem');
    await expect.poll(() => problem.textContent()).toContain('a changé depuis l’affichage du calendrier');
    await expect.poll(() => page.locator('#calendar-message').textContent()).toContain('a changé');
    const after = await publication(hub, id);
    expect(after.fence).toBe(1);
    expect(new Date(after.scheduledAt).toISOString()).toBe(start.set({ hour: 15 }).toUTC().toISO());
    const cell = page.locator(`td.fc-daygrid-day[data-date="${start.toISODate()}"]`);
    await expect.poll(() => cell.locator(`[data-publication-id="${id}"]`).count()).toBe(1);
    await page.context().close();
  }, 120_000);

  it('opens the details from the keyboard, with the post previews and the actions', async () => {
    const start = DateTime.now()
      .setZone(zone())
      .plus({ days: 3 })
      .set({ hour: 11, minute: 30 })
      .startOf('minute');
    const id = await scheduleAt(await adFor(hub, 'Ouverte au clavier'), start);
    const page = await calendarPage();
    await page.locator(`[data-publication-id="${id}"]`).focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('#calendar-panel');
    await expect.poll(() => panel.isVisible()).toBe(true);
    await expect
      .poll(() => panel.getByRole('heading', { name: 'Détails de la publication' }).count())
      .toBe(1);
    expect(await panel.getByRole('article', { name: 'Facebook' }).count()).toBe(1);
    expect(await panel.getByRole('article', { name: 'LinkedIn' }).count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Annuler la publication' }).count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Déplacer' }).count()).toBe(1);
    await page.context().close();
  }, 120_000);

  it('at 390 px shows the agenda list and does not scroll sideways', async () => {
    const start = DateTime.now().setZone(zone()).plus({ hours: 2 });
    await scheduleAt(await adFor(hub, 'Vue sur mobile'), start);
    const page = await calendarPage({ width: 390, height: 844 });
    await page.locator('.fc-list').waitFor();
    expect(await page.locator('.fc-daygrid').count()).toBe(0);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await page.context().close();
  }, 120_000);
});
