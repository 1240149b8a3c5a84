import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, setConfig } from '../../../server/config/index.js';
import type { Report } from '../../../server/modules/reports/report.service.js';
import { renderReportPdf } from '../../../server/modules/reports/report-pdf.js';
import { MARGIN } from '../../../server/modules/reports/report-pdf-parts.js';
import { formatMonth, ofMonth } from '../../../server/modules/reports/report-texts.js';
import type { ExposureGroup, ExposureTotals } from '../../../server/modules/statistics/exposure.types.js';
import { pdfTextItems } from '../../setup/pdf-text.js';

beforeAll(() => {
  setConfig(
    loadConfig({
      NODE_ENV: 'test',
      HUB_TIMEZONE: 'America/Toronto',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    }),
  );
});

const totals = (views: number): ExposureTotals => ({
  adsPublished: 8,
  posts: 14,
  views,
  reach: Math.round(views * 0.7),
  engagements: Math.round(views * 0.06),
  clicks: 856,
  engagementRate: 0.06,
});
const group = (key: string, label: string, views: number): ExposureGroup => ({
  key,
  label,
  ...totals(views),
});

/** A month of October with daily figures and three channels, two of them of the same name. */
function report(): Report {
  const series = Array.from({ length: 31 }, (_, i) => ({
    period: `2026-10-${String(i + 1).padStart(2, '0')}`,
    posts: i % 3,
    views: (i * 977) % 8000,
    engagements: (i * 131) % 500,
  }));
  return {
    id: 'r1',
    scopeKey: 'hub',
    enterpriseId: null,
    scopeName: 'Pôle de l’économie sociale de l’Estrie',
    month: '2026-10',
    version: 1,
    builtAt: new Date('2026-11-30T10:51:00Z'),
    asOf: new Date('2026-11-30T10:51:00Z'),
    builtBy: 'test',
    figures: {
      filter: { from: '2026-10-01', to: '2026-10-31' },
      asOf: '2026-11-30T10:51:00Z',
      totals: totals(36351),
      previous: totals(29230),
      byCampaign: [
        group('c1', 'Entreprise à valeurs ajoutées?', 23141),
        group('c2', 'Mois de l’économie sociale', 11182),
      ],
      byChannel: [
        group('h1', 'Pôle de l’économie sociale de l’Estrie (Facebook)', 14059),
        group('h2', 'Pôle de l’économie sociale de l’Estrie (LinkedIn)', 12059),
        group('h3', 'Café-coop Le Passage (Facebook)', 8000),
      ],
      byPlatform: [group('facebook', 'Facebook', 24000), group('linkedin', 'LinkedIn', 12351)],
      byTerritory: [group('t1', 'Sherbrooke', 36351)],
      series,
      topPosts: [],
      definitions: [],
    },
    time: null,
    definitions: [],
  };
}

describe('the report PDF layout', () => {
  for (const locale of ['fr', 'en'] as const)
    it(`keeps every text within the page margins, charts apart and axis labels whole (${locale})`, async () => {
      const items = await pdfTextItems(await renderReportPdf(report(), locale));
      expect(items.length).toBeGreaterThan(20);
      for (const item of items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(MARGIN - 1);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(item.pageWidth - MARGIN + 1);
      }
      // The daily chart's first axis label and the channel chart's last bar label: the latter
      // sits below the former (PDF y grows upwards), or on a later page.
      const day = items.find((i) => i.str === (locale === 'fr' ? '1 oct.' : 'Oct 1'));
      const lastDay = items.filter((i) => /^(\d+ oct\.|Oct \d+)$/.test(i.str)).at(-1);
      expect(day, 'first day label').toBeDefined();
      expect(lastDay?.str, 'day labels are whole').toMatch(/^(\d{1,2} oct\.|Oct \d{1,2})$/);
      const channel = items.filter((i) => i.str.startsWith('Café-coop')).at(0);
      expect(channel, 'channel chart label').toBeDefined();
      if (channel!.page === day!.page) expect(channel!.y).toBeLessThan(day!.y - 20);
      // No two texts of a page overlap (a table header on its figures, a chart on another).
      for (const a of items)
        for (const b of items) {
          if (a === b || a.page !== b.page) continue;
          const apart = Math.abs(a.y - b.y) >= 7 || a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5;
          expect(apart, `"${a.str}" on "${b.str}" (page ${a.page})`).toBe(true);
        }
    });

  it('keeps the platform of a channel whose name is cut, in the table and the chart', async () => {
    const items = await pdfTextItems(await renderReportPdf(report(), 'fr'));
    const hub = items.filter((i) => i.str.startsWith('Pôle de l’économie'));
    expect(hub.length).toBeGreaterThanOrEqual(4);
    expect(hub.filter((i) => i.str.endsWith('(Facebook)')).length).toBeGreaterThanOrEqual(2);
    expect(hub.filter((i) => i.str.endsWith('(LinkedIn)')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('month names in reports', () => {
  it('writes the month and a whole year, and elides « de » before a vowel in French', () => {
    expect(formatMonth('fr', '2026-09')).toBe('septembre 2026');
    expect(formatMonth('fr', '1999-01')).toBe('janvier 1999');
    expect(formatMonth('en', '2026-10')).toBe('October 2026');
    expect(ofMonth('fr', '2026-10')).toBe('d’octobre 2026');
    expect(ofMonth('fr', '2026-04')).toBe('d’avril 2026');
    expect(ofMonth('fr', '2026-09')).toBe('de septembre 2026');
    expect(ofMonth('en', '2026-10')).toBe('October 2026');
  });
});
