import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { html, type SafeHtml } from '../../lib/html.js';
import type { Ad } from '../../modules/ads/ad.service.js';
import type { PublicChannel } from '../../modules/channels/channel.service.js';
import type { Publication } from '../../modules/scheduling/publication.service.js';
import { formatDateTime, formatNumber, type Locale, type MessageKey, t } from '../i18n/index.js';
import { statusBadge } from '../layout.js';

/** Statuses that ask staff to act: the publications page lists them. */
export const needingAction = ['failed', 'held', 'unconfirmed', 'missed'] as const;

/** This week in the hub's zone, Monday to Sunday, as hub-local dates `YYYY-MM-DD`. */
export function thisWeek(now = new Date()): { from: string; to: string } {
  const monday = DateTime.fromJSDate(now, { zone: config().HUB_TIMEZONE }).startOf('week');
  return { from: monday.toISODate()!, to: monday.plus({ days: 6 }).toISODate()! };
}

/** True when an ad waits for its featured member's approval (asked, or changes asked). */
/**
 * Not approved for its current revision (an edit since an answer reads pending) while approval
 * was asked or is required, by the ad itself or by its campaign (`requiredBy`: the ids of the
 * campaigns that require it).
 */
export const awaitsApproval = (ad: Ad, requiredBy: Set<string>) =>
  !['archived', 'published'].includes(ad.status) &&
  ad.approval.status !== 'approved' &&
  (ad.approval.status !== null || ad.approval.required || requiredBy.has(ad.campaignId));

const excerpt = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Publications in a table: when, the ad, the channel, the status (and the post's link once out). */
export function publicationList(
  locale: Locale,
  rows: Publication[],
  channels: Map<string, PublicChannel>,
  captions: Map<string, string>,
): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">${t(locale, 'home.nothing')}</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">${t(locale, 'plan.when')}</th>
    <th scope="col">${t(locale, 'ads.detail')}</th><th scope="col">${t(locale, 'home.channel')}</th><th scope="col">${t(locale, 'ads.status')}</th></tr></thead>
    <tbody>${rows.map(
      (p) => html`<tr><td>${formatDateTime(locale, p.scheduledAt)}</td>
      <td><a href="/ads/${p.adId}">${excerpt(captions.get(p.adId) ?? '') || t(locale, 'ads.detail')}</a></td>
      <td>${channels.get(p.channelId)?.name ?? (p.platform === 'facebook' ? 'Facebook' : 'LinkedIn')}</td>
      <td>${statusBadge(locale, p.status)}${p.permalink ? html` <a href="${p.permalink}" rel="noopener">${t(locale, 'home.viewPost')}</a>` : ''}</td></tr>`,
    )}</tbody></table></div>`;
}

/** Ads a member must look at: each one links to its page. */
export function adsAwaitingApproval(locale: Locale, ads: Ad[]): SafeHtml {
  if (ads.length === 0) return html`<p class="muted">${t(locale, 'home.noApproval')}</p>`;
  return html`<ul class="plain-list">${ads.map(
    (ad) => html`<li><a href="/ads/${ad.id}">${excerpt(ad.caption.default) || t(locale, 'ads.detail')}</a>
      ${statusBadge(locale, ad.approval.status ?? 'pending')}</li>`,
  )}</ul>`;
}

/** Channel health for staff: connected, to reconnect, disabled, and tokens that expire within a week. */
export function channelHealth(locale: Locale, channels: PublicChannel[], now = new Date()): SafeHtml {
  if (channels.length === 0) return html`<p class="muted">${t(locale, 'home.noChannel')}</p>`;
  const soon = now.getTime() + 7 * 86_400_000;
  return html`<ul class="plain-list">${channels.map((c) => {
    const expires =
      c.accessTokenExpiresAt && c.accessTokenExpiresAt.getTime() < soon ? c.accessTokenExpiresAt : null;
    const status =
      c.status === 'needs_reconnection' ? 'failed' : c.status === 'disabled' ? 'archived' : 'active';
    const label = t(locale, `home.channel.${c.status}` as MessageKey);
    return html`<li><strong>${c.name}</strong> (${c.platform === 'facebook' ? 'Facebook' : 'LinkedIn'})
      <span class="badge${status === 'failed' ? ' badge-bad' : status === 'active' ? ' badge-ok' : ''}">${label}</span>
      ${expires ? html`<span class="muted">${t(locale, 'home.tokenExpires', { date: formatDateTime(locale, expires) })}</span>` : ''}</li>`;
  })}</ul>`;
}

/** A count that links to the list it summarises (or only shows when there is no such page). */
export function actionCount(locale: Locale, label: string, count: number, href?: string): SafeHtml {
  const inner = html`<span class="stat-value">${formatNumber(locale, count)}</span><span class="stat-label">${label}</span>`;
  const tone = count > 0 ? ' stat-alert' : '';
  return href
    ? html`<a class="card stat${tone}" href="${href}">${inner}</a>`
    : html`<span class="card stat${tone}">${inner}</span>`;
}
