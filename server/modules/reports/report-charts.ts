import { exposureBreakdownChart, exposureSeriesChart } from '../statistics/exposure-charts.js';
import type { Locale } from '../users/user.model.js';
import type { Report } from './report.service.js';

/** One chart as SVG markup and its size in px. */
export interface ReportChart {
  markup: string;
  width: number;
  height: number;
}

const WIDTH = 720;
const channelWord = { fr: 'canal', en: 'channel' } as const;

/**
 * A report's charts in the reader's language, from its frozen figures (the exposure charts:
 * the same SVG on the dashboard page and in the PDF): views and engagements by day, and
 * views by channel. None for an empty report.
 */
export async function reportCharts(report: Report, locale: Locale): Promise<ReportChart[]> {
  const f = report.figures;
  if (f.empty || f.totals.posts === 0) return [];
  const charts: ReportChart[] = [
    {
      markup: await exposureSeriesChart(f, locale, { width: WIDTH, height: 280 }),
      width: WIDTH,
      height: 280,
    },
  ];
  if (f.byChannel.length > 1) {
    const height = Math.max(120, 40 + Math.min(f.byChannel.length, 8) * 30);
    const markup = await exposureBreakdownChart(f.byChannel, locale, {
      width: WIDTH,
      height,
      limit: 8,
      what: channelWord[locale],
    });
    charts.push({ markup, width: WIDTH, height });
  }
  return charts;
}
