import { DateTime } from 'luxon';
import { renderChartSvg } from '../../lib/charts.js';
import type { Exposure, ExposureGroup } from './exposure.types.js';

/**
 * The exposure charts, as SVG text in the reader's language, for the exposure page and the
 * monthly reports' PDF alike (lib/charts.ts keeps the SVG plain enough for svg-to-pdfkit).
 */
const words = {
  fr: {
    views: 'Vues',
    engagements: 'Engagements',
    posts: 'Publications',
    seriesTitle: 'Vues et engagements par {unit}',
    day: 'jour',
    month: 'mois',
    breakdownTitle: '{metric} par {what}',
  },
  en: {
    views: 'Views',
    engagements: 'Engagements',
    posts: 'Posts',
    seriesTitle: 'Views and engagements by {unit}',
    day: 'day',
    month: 'month',
    breakdownTitle: '{metric} by {what}',
  },
} as const;

export type ChartLocale = keyof typeof words;
export type BreakdownMetric = 'views' | 'engagements' | 'posts';

export interface ChartSize {
  width?: number;
  height?: number;
}

/** A series chart for a small screen or a narrow column: no values written on the points. */
export interface SeriesChartOptions extends ChartSize {
  compact?: boolean;
}

/** "3 oct." / "Oct 3" for a day, "oct. 2026" / "Oct 2026" for a month. */
export function periodLabel(period: string, locale: ChartLocale): string {
  const at = DateTime.fromISO(period).setLocale(locale === 'fr' ? 'fr-CA' : 'en-CA');
  return period.length > 7 ? at.toFormat(locale === 'fr' ? 'd MMM' : 'MMM d') : at.toFormat('MMM yyyy');
}

/** Views (bars, left axis) and engagements (line, right axis) over the period's days or months. */
export function exposureSeriesChart(
  exposure: Exposure,
  locale: ChartLocale,
  size: SeriesChartOptions = {},
): Promise<string> {
  const w = words[locale];
  const byMonth = exposure.series[0] ? exposure.series[0].period.length === 7 : false;
  return renderChartSvg({
    categories: exposure.series.map((p) => periodLabel(p.period, locale)),
    series: [
      { name: w.views, kind: 'bar', values: exposure.series.map((p) => p.views) },
      { name: w.engagements, kind: 'line', values: exposure.series.map((p) => p.engagements), axis: 1 },
    ],
    width: size.width ?? 720,
    height: size.height ?? 300,
    locale,
    showValues: !size.compact && exposure.series.length <= 14,
    title: w.seriesTitle.replace('{unit}', byMonth ? w.month : w.day),
  });
}

/**
 * One breakdown (by campaign, channel, platform or territory) as horizontal bars with their
 * values written beside them, at most `limit` lines (the largest, as the breakdown orders them).
 * `what` names the breakdown in the title ("campagne", "territory").
 */
export function exposureBreakdownChart(
  groups: ExposureGroup[],
  locale: ChartLocale,
  options: ChartSize & { metric?: BreakdownMetric; what?: string; limit?: number } = {},
): Promise<string> {
  const w = words[locale];
  const metric = options.metric ?? 'views';
  const shown = groups.slice(0, options.limit ?? 10);
  return renderChartSvg({
    categories: shown.map((g) => g.label),
    series: [{ name: w[metric], kind: 'bar', values: shown.map((g) => g[metric]) }],
    width: options.width ?? 720,
    height: options.height ?? Math.max(120, 40 + shown.length * 30),
    locale,
    horizontal: true,
    showValues: true,
    title: options.what
      ? w.breakdownTitle.replace('{metric}', w[metric]).replace('{what}', options.what)
      : w[metric],
  });
}
