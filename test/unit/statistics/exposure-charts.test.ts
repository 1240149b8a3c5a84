import { describe, expect, it } from 'vitest';
import { formatChartNumber } from '../../../server/lib/charts.js';
import type { Exposure, ExposureGroup } from '../../../server/modules/statistics/exposure.types.js';
import {
  exposureBreakdownChart,
  exposureSeriesChart,
} from '../../../server/modules/statistics/exposure-charts.js';

const zero = { adsPublished: 0, posts: 0, views: 0, reach: 0, engagements: 0, clicks: 0, engagementRate: 0 };
const group = (key: string, label: string, views: number, engagements: number): ExposureGroup => ({
  ...zero,
  key,
  label,
  views,
  engagements,
  posts: 1,
});

function exposureOf(series: Exposure['series']): Exposure {
  return {
    filter: { from: '2026-10-01', to: '2026-10-05' },
    asOf: '2026-11-01T00:00:00.000Z',
    totals: zero,
    previous: zero,
    byCampaign: [],
    byChannel: [],
    byPlatform: [],
    byTerritory: [],
    series,
    topPosts: [],
    definitions: [],
  };
}

describe('exposure charts drawn on the server', () => {
  it('writes the values, days and legend of the series in French, numbers spaced as Québec writes them', async () => {
    const svg = await exposureSeriesChart(
      exposureOf([
        { period: '2026-10-01', posts: 1, views: 12345, engagements: 321 },
        { period: '2026-10-02', posts: 0, views: 0, engagements: 0 },
        { period: '2026-10-03', posts: 2, views: 4800, engagements: 97 },
      ]),
      'fr',
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('12\u00a0345');
    expect(svg).toContain('>321<');
    expect(svg).toContain('1 oct.');
    expect(svg).toContain('Vues');
    expect(svg).toContain('<title>Vues et engagements par jour</title>');
  });

  it('writes English labels and comma thousands for an English reader', async () => {
    const svg = await exposureSeriesChart(
      exposureOf([{ period: '2026-10-01', posts: 1, views: 12345, engagements: 321 }]),
      'en',
    );
    expect(svg).toContain('12,345');
    expect(svg).toContain('Oct 1');
    expect(svg).toContain('Engagements');
  });

  it('labels each breakdown bar with its name and value, escaping names', async () => {
    const svg = await exposureBreakdownChart(
      [group('a', 'Coop <La Ruche> & fils', 5400, 40), group('b', 'Magog', 1200, 3)],
      'fr',
      { what: 'territoire' },
    );
    expect(svg).toContain('Coop &lt;La Ruche&gt; &amp; fils');
    expect(svg).toContain('5\u00a0400');
    expect(svg).toContain('1\u00a0200');
    expect(svg).toContain('<title>Vues par territoire</title>');
  });

  it('stays plain enough for svg-to-pdfkit: no foreignObject, no CSS, no classes, one standard font', async () => {
    const svg = await exposureBreakdownChart([group('a', 'Sherbrooke', 10, 1)], 'en', {
      metric: 'engagements',
    });
    expect(svg).not.toMatch(/foreignObject|<style|class=|<script|<image/);
    const fonts = new Set([...svg.matchAll(/font-family:([^;"]+)/g)].map((m) => m[1]));
    expect([...fonts]).toEqual(['Helvetica, Arial, sans-serif']);
  });

  it('formats numbers with spaces a PDF standard font can draw', () => {
    expect(formatChartNumber('fr', 1234567)).toBe('1\u00a0234\u00a0567');
    expect(formatChartNumber('en', 1234567)).toBe('1,234,567');
  });
});
