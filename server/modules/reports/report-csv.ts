import { type CsvCell, toCsv } from '../../lib/csv.js';
import type { ExposureTotals } from '../statistics/exposure.types.js';
import type { Locale } from '../users/user.model.js';
import type { Report } from './report.service.js';
import { reportText } from './report-texts.js';

/** The Section column's words, as the exposure CSV writes them. */
const sections = {
  fr: {
    totals: 'total',
    previous: 'mois précédent',
    campaign: 'campagne',
    channel: 'canal',
    platform: 'plateforme',
    territory: 'territoire',
    top: 'meilleure publication',
    time: 'temps',
    timeTotal: 'temps total',
  },
  en: {
    totals: 'total',
    previous: 'previous month',
    campaign: 'campaign',
    channel: 'channel',
    platform: 'platform',
    territory: 'territory',
    top: 'top post',
    time: 'time',
    timeTotal: 'time total',
  },
} as const satisfies Record<Locale, Record<string, string>>;

const figures = (t: ExposureTotals) => [
  t.adsPublished,
  t.posts,
  t.views,
  t.reach,
  t.engagements,
  t.clicks,
  Number(t.engagementRate.toFixed(4)),
];

/**
 * A report as one CSV table: header in the reader's language, then one row per line
 * (total, previous month, each breakdown's groups, top posts, and for the hub the time per
 * member and its total; the Section column in the reader's language, as in the exposure CSV). Numbers are plain (dot decimals) so a spreadsheet reads them as numbers; text
 * cells that a spreadsheet would run as a formula are neutralised.
 */
export function reportCsv(report: Report, locale: Locale): string {
  const tr = (k: Parameters<typeof reportText>[1]) => reportText(locale, k, { currency: 'CAD' });
  const header = [
    'section',
    'key',
    'label',
    'adsPublished',
    'posts',
    'views',
    'reach',
    'engagements',
    'clicks',
    'engagementRate',
  ]
    .map((k) => (k === 'section' || k === 'key' || k === 'label' ? tr(k) : tr(k as 'views')))
    .concat([tr('minutes'), tr('cost')]);
  const w = sections[locale];
  const f = report.figures;
  const rows: CsvCell[][] = [header];
  rows.push([w.totals, report.scopeKey, report.scopeName, ...figures(f.totals), '', '']);
  rows.push([w.previous, report.scopeKey, report.scopeName, ...figures(f.previous), '', '']);
  for (const [section, groups] of [
    [w.campaign, f.byCampaign],
    [w.channel, f.byChannel],
    [w.platform, f.byPlatform],
    [w.territory, f.byTerritory],
  ] as const)
    for (const g of groups) rows.push([section, g.key, g.label, ...figures(g), '', '']);
  for (const p of f.topPosts)
    rows.push([
      w.top,
      p.publicationId,
      p.caption,
      '',
      1,
      p.views,
      p.reach,
      p.engagements,
      '',
      Number(p.engagementRate.toFixed(4)),
      '',
      '',
    ]);
  for (const m of report.time?.members ?? [])
    rows.push([w.time, m.enterpriseId, m.enterpriseName, '', '', '', '', '', '', '', m.minutes, m.cost]);
  if (report.time)
    rows.push([
      w.timeTotal,
      'hub',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      report.time.totalMinutes,
      report.time.totalCost,
    ]);
  return toCsv(rows, { bom: true });
}
