import { html, raw, type SafeHtml } from '../../lib/html.js';
import type { Exposure, ExposureGroup, ExposureTotals } from '../../modules/statistics/exposure.service.js';
import { exposureBreakdownChart, exposureSeriesChart } from '../../modules/statistics/exposure-charts.js';
import { formatDate, formatDateTime, formatNumber, type Locale, type MessageKey, t } from '../i18n/index.js';

/** The exposure page's sections, from figures already scoped to what the reader may see. */

const figureKeys = [
  'views',
  'reach',
  'engagements',
  'clicks',
  'posts',
  'adsPublished',
  'engagementRate',
] as const;
type FigureKey = (typeof figureKeys)[number];

const percent = (locale: Locale, value: number, signed = false) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    style: 'percent',
    maximumFractionDigits: 1,
    ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
  }).format(value);

const valueText = (locale: Locale, key: FigureKey, totals: ExposureTotals) =>
  key === 'engagementRate' ? percent(locale, totals[key]) : formatNumber(locale, totals[key]);

function change(locale: Locale, key: FigureKey, now: ExposureTotals, before: ExposureTotals): string {
  const a = now[key];
  const b = before[key];
  if (a === b) return t(locale, 'exposure.changeSame');
  if (b === 0) return t(locale, 'exposure.changeNew');
  return t(locale, 'exposure.change', {
    change: percent(locale, (a - b) / b, true),
    previous: valueText(locale, key, before),
  });
}

/** The totals as cards, each with its change from the previous period. */
export function totalsSection(locale: Locale, e: Exposure): SafeHtml {
  return html`<section aria-labelledby="exposure-totals"><h2 id="exposure-totals">${t(locale, 'exposure.totals')}</h2>
    <dl class="exposure-totals">${figureKeys.map(
      (key) => html`<div class="exposure-total"><dt>${t(locale, `exposure.${key}` as MessageKey)}</dt>
        <dd><span class="exposure-value" data-figure="${key}">${valueText(locale, key, e.totals)}</span>
        <span class="exposure-change">${change(locale, key, e.totals, e.previous)}</span></dd></div>`,
    )}</dl></section>`;
}

function breakdownTable(
  locale: Locale,
  title: MessageKey,
  column: MessageKey,
  id: string,
  groups: ExposureGroup[],
): SafeHtml {
  if (groups.length === 0) return html``;
  const n = (v: number) => formatNumber(locale, v);
  return html`<section class="exposure-breakdown" aria-labelledby="${id}"><h3 id="${id}">${t(locale, title)}</h3>
    <div class="table-wrap"><table><thead><tr><th scope="col">${t(locale, column)}</th>
      <th scope="col" class="num">${t(locale, 'exposure.posts')}</th><th scope="col" class="num">${t(locale, 'exposure.views')}</th>
      <th scope="col" class="num">${t(locale, 'exposure.reach')}</th><th scope="col" class="num">${t(locale, 'exposure.engagements')}</th>
      <th scope="col" class="num">${t(locale, 'exposure.engagementRate')}</th></tr></thead>
    <tbody>${groups.map(
      (
        g,
      ) => html`<tr><th scope="row">${g.label}</th><td class="num">${n(g.posts)}</td><td class="num">${n(g.views)}</td>
        <td class="num">${n(g.reach)}</td><td class="num">${n(g.engagements)}</td><td class="num">${percent(locale, g.engagementRate)}</td></tr>`,
    )}</tbody></table></div></section>`;
}

/** The charts (SVG drawn on the server) and the four breakdown tables. */
export async function chartsAndBreakdowns(locale: Locale, e: Exposure): Promise<SafeHtml> {
  const what = (key: MessageKey) => t(locale, key).toLowerCase();
  // A phone gets a chart drawn at its size: a wide one scaled down would have 6 px text.
  const [wide, narrow, campaigns, territories] = await Promise.all([
    exposureSeriesChart(e, locale, { width: 720, height: 300 }),
    exposureSeriesChart(e, locale, { width: 380, height: 260, compact: true }),
    e.byCampaign.length > 1
      ? exposureBreakdownChart(e.byCampaign, locale, { width: 560, what: what('exposure.campaign') })
      : undefined,
    e.byTerritory.length > 1
      ? exposureBreakdownChart(e.byTerritory, locale, { width: 560, what: what('exposure.territory') })
      : undefined,
  ]);
  const figure = (svg: string | undefined, className = '') =>
    svg ? html`<figure class="exposure-chart${className}">${raw(svg)}</figure>` : '';
  return html`<section aria-labelledby="exposure-series"><h2 id="exposure-series">${t(locale, 'exposure.seriesTitle')}</h2>
      ${figure(wide, ' chart-wide')}${figure(narrow, ' chart-narrow')}</section>
    <section aria-label="${t(locale, 'exposure.breakdowns')}">
      ${breakdownTable(locale, 'exposure.byCampaign', 'exposure.campaign', 'by-campaign', e.byCampaign)}${figure(campaigns)}
      ${breakdownTable(locale, 'exposure.byChannel', 'exposure.channel', 'by-channel', e.byChannel)}
      ${breakdownTable(locale, 'exposure.byPlatform', 'exposure.platform', 'by-platform', e.byPlatform)}
      ${breakdownTable(locale, 'exposure.byTerritory', 'exposure.territory', 'by-territory', e.byTerritory)}${figure(territories)}
      <p class="muted">${t(locale, 'exposure.territoryNote')}</p></section>`;
}

const shorten = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The best posts with their thumbnail, where they went and a link to each. */
export function topPostsSection(locale: Locale, e: Exposure): SafeHtml {
  if (e.topPosts.length === 0) return html``;
  const n = (v: number) => formatNumber(locale, v);
  return html`<section aria-labelledby="exposure-top"><h2 id="exposure-top">${t(locale, 'exposure.topPosts')}</h2>
    <ol class="exposure-top">${e.topPosts.map(
      (p) => html`<li class="card exposure-post">
        ${p.thumbnailUrl ? html`<img src="${p.thumbnailUrl}" alt="${t(locale, 'exposure.topPostAlt', { date: formatDate(locale, p.publishedAt) })}" width="120">` : ''}
        <div><p class="exposure-caption">${shorten(p.caption)}</p>
        <p class="muted">${t(locale, 'exposure.publishedOn', { date: formatDateTime(locale, p.publishedAt), channel: p.channelName })}</p>
        <p>${t(locale, 'exposure.postFigures', { views: n(p.views), engagements: n(p.engagements), rate: percent(locale, p.engagementRate) })}</p>
        <p><a href="/ads/${p.adId}">${t(locale, 'exposure.adLink')}</a>${p.permalink ? html` · <a href="${p.permalink}" rel="noopener noreferrer" target="_blank">${t(locale, 'exposure.permalink')}</a>` : ''}</p></div>
      </li>`,
    )}</ol></section>`;
}

/** Which platform metrics the figures come from, and up to when. */
export function definitionsSection(locale: Locale, e: Exposure): SafeHtml {
  return html`<section aria-labelledby="exposure-definitions" class="exposure-definitions"><h2 id="exposure-definitions">${t(locale, 'exposure.definitionsTitle')}</h2>
    ${
      e.definitions.length > 0
        ? html`<p>${t(locale, 'exposure.definitionsNote', { asOf: formatDateTime(locale, e.asOf) })}</p>
      <ul>${e.definitions.map((d) => html`<li>${d}</li>`)}</ul>`
        : html`<p class="muted">${t(locale, 'exposure.noDefinitions')}</p>`
    }</section>`;
}

/** Why there is nothing to show. */
export function emptyState(locale: Locale, e: Exposure): SafeHtml {
  return e.empty
    ? html`<p class="card exposure-empty" role="status" data-empty="${e.empty}">${t(locale, `exposure.empty.${e.empty}` as MessageKey)}</p>`
    : html``;
}
