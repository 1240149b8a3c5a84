import { type CsvCell, toCsv } from '../../lib/csv.js';
import type { Exposure, ExposureGroup, ExposureTotals } from './exposure.types.js';

const words = {
  fr: {
    header: [
      'section',
      'période',
      'clé',
      'libellé',
      'publicités publiées',
      'publications',
      'vues',
      'portée',
      'engagements',
      'clics',
      'taux d’engagement',
      'lien',
    ],
    total: 'total',
    previous: 'période précédente',
    campaign: 'campagne',
    channel: 'canal',
    platform: 'plateforme',
    territory: 'territoire',
    day: 'jour',
    month: 'mois',
    top: 'meilleure publication',
    definitions: 'définitions des mesures',
    empty: 'vide',
    allFigures: 'Total',
  },
  en: {
    header: [
      'section',
      'period',
      'key',
      'label',
      'ads published',
      'posts',
      'views',
      'reach',
      'engagements',
      'clicks',
      'engagement rate',
      'link',
    ],
    total: 'total',
    previous: 'previous period',
    campaign: 'campaign',
    channel: 'channel',
    platform: 'platform',
    territory: 'territory',
    day: 'day',
    month: 'month',
    top: 'top post',
    definitions: 'metric definitions',
    empty: 'empty',
    allFigures: 'Total',
  },
} as const;

const figures = (t: ExposureTotals): CsvCell[] => [
  t.adsPublished,
  t.posts,
  t.views,
  t.reach,
  t.engagements,
  t.clicks,
  t.engagementRate,
];

/**
 * The figures as CSV records, in the reader's language: one header, then the totals, the
 * previous period, each breakdown line, the series, the top posts and the metric definitions,
 * each record naming its section. Figures are numbers (the engagement rate a decimal, 0.0425
 * for 4.25 %), exactly those of `exposure`; text cells are neutralised by lib/csv.ts.
 */
export function exposureCsvRows(exposure: Exposure, locale: 'fr' | 'en'): CsvCell[][] {
  const w = words[locale];
  const period = `${exposure.filter.from}..${exposure.filter.to}`;
  const prev = exposure.previousPeriod;
  const group = (section: string) => (g: ExposureGroup) => [section, period, g.key, g.label, ...figures(g)];
  const rows: CsvCell[][] = [[...w.header]];
  rows.push([w.total, period, '', w.allFigures, ...figures(exposure.totals)]);
  rows.push([
    w.previous,
    prev ? `${prev.from}..${prev.to}` : '',
    '',
    w.allFigures,
    ...figures(exposure.previous),
  ]);
  rows.push(...exposure.byCampaign.map(group(w.campaign)));
  rows.push(...exposure.byChannel.map(group(w.channel)));
  rows.push(...exposure.byPlatform.map(group(w.platform)));
  rows.push(...exposure.byTerritory.map(group(w.territory)));
  for (const p of exposure.series)
    rows.push([
      p.period.length > 7 ? w.day : w.month,
      p.period,
      '',
      '',
      null,
      p.posts,
      p.views,
      null,
      p.engagements,
    ]);
  for (const p of exposure.topPosts) {
    rows.push([
      w.top,
      p.publishedAt,
      p.publicationId,
      p.caption,
      null,
      1,
      p.views,
      p.reach,
      p.engagements,
      null,
      p.engagementRate,
      p.permalink ?? '',
    ]);
  }
  for (const d of exposure.definitions) rows.push([w.definitions, period, '', d]);
  if (exposure.empty) rows.push([w.empty, period, exposure.empty]);
  return rows;
}

/** The whole CSV file; `bom` for Excel (lib/csv.ts). */
export function exposureCsv(exposure: Exposure, locale: 'fr' | 'en', bom = true): string {
  return toCsv(exposureCsvRows(exposure, locale), { bom });
}
