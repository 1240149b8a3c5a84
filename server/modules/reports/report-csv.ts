import { type CsvCell, toCsv } from '../../lib/csv.js';
import type { ExposureTotals } from '../statistics/exposure.types.js';
import type { Locale } from '../users/user.model.js';
import type { Report } from './report.service.js';
import { reportText } from './report-texts.js';

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
 * (`totals`, `previous`, each breakdown's groups, `top_post`, and for the hub `time` per
 * member). Numbers are plain (dot decimals) so a spreadsheet reads them as numbers; text
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
  const f = report.figures;
  const rows: CsvCell[][] = [header];
  rows.push(['totals', report.scopeKey, report.scopeName, ...figures(f.totals), '', '']);
  rows.push(['previous', report.scopeKey, report.scopeName, ...figures(f.previous), '', '']);
  for (const [section, groups] of [
    ['campaign', f.byCampaign],
    ['channel', f.byChannel],
    ['platform', f.byPlatform],
    ['territory', f.byTerritory],
  ] as const)
    for (const g of groups) rows.push([section, g.key, g.label, ...figures(g), '', '']);
  for (const p of f.topPosts)
    rows.push([
      'top_post',
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
    rows.push(['time', m.enterpriseId, m.enterpriseName, '', '', '', '', '', '', '', m.minutes, m.cost]);
  if (report.time)
    rows.push([
      'time_total',
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
