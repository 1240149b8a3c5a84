import { html, raw, type SafeHtml } from '../../lib/html.js';
import type { Report } from '../../modules/reports/report.service.js';
import { reportCharts } from '../../modules/reports/report-charts.js';
import { definitionsIn } from '../../modules/reports/report-figures.js';
import { formatMonth } from '../../modules/reports/report-texts.js';
import type { ExposureGroup, ExposureTotals } from '../../modules/statistics/exposure.types.js';
import { formatDateTime, formatNumber, type Locale, type MessageKey, t } from '../i18n/index.js';
import { timeTotals } from './time.page.js';

const percent = (locale: Locale, n: number) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(n);

function change(locale: Locale, now: number, before: number): string {
  if (before === 0) return '—';
  const c = (now - before) / before;
  return `${c > 0 ? '+' : ''}${percent(locale, c)}`;
}

/** "octobre 2026" / "October 2026" (modules/reports/report-texts.ts). */
export const monthLabel = formatMonth;

const counted = ['adsPublished', 'posts', 'views', 'reach', 'engagements', 'clicks'] as const;

function totals(locale: Locale, now: ExposureTotals, before: ExposureTotals): SafeHtml {
  return html`<div class="table-wrap"><table class="report-totals"><thead><tr><th></th><th>${t(locale, 'reports.totals')}</th>
    <th>${t(locale, 'reports.previous')}</th><th>${t(locale, 'reports.change')}</th></tr></thead><tbody>
    ${counted.map((k) => html`<tr><th scope="row">${t(locale, `reports.${k}`)}</th><td data-metric="${k}">${formatNumber(locale, now[k])}</td><td>${formatNumber(locale, before[k])}</td><td>${change(locale, now[k], before[k])}</td></tr>`)}
    <tr><th scope="row">${t(locale, 'reports.engagementRate')}</th><td data-metric="engagementRate">${percent(locale, now.engagementRate)}</td><td>${percent(locale, before.engagementRate)}</td><td></td></tr>
    </tbody></table></div>`;
}

function groups(locale: Locale, title: MessageKey, list: ExposureGroup[]): SafeHtml | '' {
  if (list.length === 0) return '';
  return html`<section class="card report-section"><h2>${t(locale, title)}</h2><div class="table-wrap"><table><thead><tr><th></th>
    <th>${t(locale, 'reports.posts')}</th><th>${t(locale, 'reports.views')}</th><th>${t(locale, 'reports.reach')}</th>
    <th>${t(locale, 'reports.engagements')}</th><th>${t(locale, 'reports.engagementRate')}</th></tr></thead><tbody>
    ${list.map(
      (
        g,
      ) => html`<tr><th scope="row">${g.label}</th><td>${formatNumber(locale, g.posts)}</td><td>${formatNumber(locale, g.views)}</td>
      <td>${formatNumber(locale, g.reach)}</td><td>${formatNumber(locale, g.engagements)}</td><td>${percent(locale, g.engagementRate)}</td></tr>`,
    )}
    </tbody></table></div></section>`;
}

function topPosts(locale: Locale, report: Report, signedIn: boolean): SafeHtml | '' {
  const posts = report.figures.topPosts;
  if (posts.length === 0) return '';
  // A visitor by share link has no session to read media with: only inline thumbnails show.
  const thumb = (url?: string) => (url && (signedIn || url.startsWith('data:')) ? url : undefined);
  return html`<section class="card report-section"><h2>${t(locale, 'reports.topPosts')}</h2><ol class="top-posts">${posts.map(
    (p) => {
      const src = thumb(p.thumbnailUrl);
      return html`<li>${src ? html`<img src="${src}" alt="" width="96" loading="lazy">` : ''}<div>
      <p><strong>${p.channelName}</strong> · ${formatDateTime(locale, p.publishedAt)}${p.permalink ? html` · <a href="${p.permalink}" rel="noopener noreferrer">${t(locale, 'reports.viewPost')}</a>` : ''}</p>
      <p class="post-caption">${p.caption.slice(0, 200)}</p>
      <p class="muted">${t(locale, 'reports.views')} ${formatNumber(locale, p.views)} · ${t(locale, 'reports.reach')} ${formatNumber(locale, p.reach)} · ${t(locale, 'reports.engagements')} ${formatNumber(locale, p.engagements)} · ${percent(locale, p.engagementRate)}</p></div></li>`;
    },
  )}</ol></section>`;
}

/**
 * The print-friendly body of a report (dashboard and share link alike): header, totals and
 * change, charts, breakdowns, top posts, the strategist's time (hub), definitions. `actions`
 * (downloads, share form) are hidden when printed.
 */
export async function reportView(
  locale: Locale,
  report: Report,
  actions: SafeHtml,
  signedIn: boolean,
): Promise<SafeHtml> {
  const f = report.figures;
  const title = t(locale, report.scopeKey === 'hub' ? 'reports.hubTitle' : 'reports.reportTitle', {
    scope: report.scopeName,
  });
  const charts = await reportCharts(report, locale);
  const definitions = definitionsIn(f, locale);
  return html`<link rel="stylesheet" href="/static/reports.css"><article class="report">
    <div class="page-head"><h1>${title}</h1><div class="actions no-print">${actions}</div></div>
    <p class="report-meta"><strong>${t(locale, 'reports.versionOf', { month: monthLabel(locale, report.month), version: report.version })}</strong><br>
      <span class="muted">${t(locale, 'reports.asOf', { date: formatDateTime(locale, report.asOf) })}</span></p>
    ${f.empty ? html`<p class="flash flash-error report-empty" role="status">${t(locale, `reports.empty.${f.empty}`)}</p>` : ''}
    <section class="card report-section"><h2>${t(locale, 'reports.totals')}</h2>${totals(locale, f.totals, f.previous)}</section>
    ${charts.length > 0 ? html`<section class="card report-section report-charts">${charts.map((c) => html`<figure>${raw(c.markup)}</figure>`)}</section>` : ''}
    ${groups(locale, 'reports.byCampaign', f.byCampaign)}${groups(locale, 'reports.byChannel', f.byChannel)}
    ${groups(locale, 'reports.byPlatform', f.byPlatform)}${groups(locale, 'reports.byTerritory', f.byTerritory)}
    ${topPosts(locale, report, signedIn)}
    ${report.time ? html`<section class="card report-section"><h2>${t(locale, 'reports.time')}</h2>${timeTotals(locale, report.time)}</section>` : ''}
    <section class="card report-section"><h2>${t(locale, 'reports.definitions')}</h2>
      ${definitions.length > 0 ? html`<ul>${definitions.map((d) => html`<li>${d}</li>`)}</ul>` : html`<p class="muted">${t(locale, 'reports.noDefinitions')}</p>`}</section>
  </article>`;
}
