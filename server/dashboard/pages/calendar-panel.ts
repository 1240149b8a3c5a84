import type { Request } from 'express';
import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import type { AppError, FieldProblem } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { getAd } from '../../modules/ads/ad.service.js';
import { getCampaign } from '../../modules/campaigns/campaign.service.js';
import { getChannel } from '../../modules/channels/channel.service.js';
import type { Publication } from '../../modules/scheduling/publication.service.js';
import {
  cancelPublication,
  markPublicationPosted,
  reschedulePublication,
  retryPublication,
} from '../../modules/scheduling/publication-actions.service.js';
import { explanation } from '../components.js';
import { csrfField } from '../forms.js';
import { formatDateTime, type Locale, type MessageKey, t } from '../i18n/index.js';
import { explainPublication } from '../i18n/publication-reasons.js';
import { postCard } from './ad-detail.page.js';

/** The statuses each action accepts (publication-actions.service.ts). */
const accepts = {
  retry: ['failed', 'missed', 'held', 'unconfirmed'],
  'mark-posted': ['unconfirmed', 'failed', 'missed', 'held'],
  cancel: ['scheduled', 'held', 'missed', 'failed', 'unconfirmed'],
  reschedule: ['scheduled', 'held', 'missed', 'failed'],
} as const;
export type CalendarAction = keyof typeof accepts;

/**
 * The message, in the user's language, for an action refused by the publications service:
 * a stale fence, a status that no longer allows it, a past time, a DST gap…
 */
export function problemKey(err: AppError): MessageKey {
  const problems = Array.isArray(err.details) ? (err.details as FieldProblem[]) : [];
  const about = (field: string, pattern: RegExp) =>
    problems.some((p) => p.field === field && pattern.test(p.message));
  if (err.status === 409) {
    if (about('fence', /./)) return 'calendar.stale';
    if (about('at', /taken/)) return 'calendar.taken';
    if (about('status', /changed meanwhile/)) return 'calendar.busy';
    return 'calendar.notMovable';
  }
  if (about('at', /in the past/)) return 'calendar.past';
  if (about('at', /does not exist/)) return 'calendar.dstGap';
  if (about('at', /at least/)) return 'calendar.tooSoon';
  if (about('at', /within/)) return 'calendar.tooFar';
  if (about('at', /outside the campaign/)) return 'calendar.outside';
  return 'calendar.invalidTime';
}

export interface PanelNotice {
  kind: 'success' | 'error';
  text: string;
}

function actionForm(req: Request, p: Publication, action: CalendarAction, label: string, extra = html``) {
  const confirm =
    action === 'cancel' ? html` hx-confirm="${t(req.user!.locale, 'calendar.confirmCancel')}"` : '';
  return html`<form method="post" action="/calendar/publications/${p.id}/${action}" class="inline-form"
      hx-post="/calendar/publications/${p.id}/${action}" hx-target="#calendar-panel"${confirm}>
    ${csrfField(req)}${extra}<button type="submit" class="button${action === 'cancel' ? ' danger' : ''}">${label}</button></form>`;
}

function actions(req: Request, locale: Locale, p: Publication, error?: PanelNotice): SafeHtml {
  if (!isStaff(req.user!)) return html``;
  const can = (action: CalendarAction) => (accepts[action] as readonly string[]).includes(p.status);
  const zone = config().HUB_TIMEZONE;
  const local = DateTime.fromJSDate(p.scheduledAt, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
  const problem = error?.kind === 'error' ? error.text : '';
  const move = can('reschedule')
    ? html`<form method="post" action="/calendar/publications/${p.id}/reschedule" class="calendar-move"
        hx-post="/calendar/publications/${p.id}/reschedule" hx-target="#calendar-panel">
        ${csrfField(req)}<input type="hidden" name="fence" value="${p.fence}">
        <div class="field${problem ? ' field-invalid' : ''}"><label for="move-at-${p.id}">${t(locale, 'calendar.newTime', { zone })}</label>
          <input id="move-at-${p.id}" name="at" type="datetime-local" value="${local}" required${problem ? html` aria-invalid="true" aria-describedby="move-error-${p.id}"` : ''}>
          ${problem ? html`<p class="field-error" id="move-error-${p.id}">${problem}</p>` : ''}</div>
        <button type="submit" class="button primary">${t(locale, 'calendar.reschedule')}</button></form>`
    : '';
  return html`<div class="calendar-actions">
    ${can('retry') ? actionForm(req, p, 'retry', t(locale, 'calendar.retry')) : ''}
    ${can('mark-posted') ? actionForm(req, p, 'mark-posted', t(locale, 'calendar.markPosted')) : ''}
    ${can('cancel') ? actionForm(req, p, 'cancel', t(locale, 'calendar.cancel')) : ''}
  </div>${move}`;
}

async function previews(req: Request, locale: Locale, p: Publication): Promise<SafeHtml> {
  const ad = await getAd(req.user!, p.adId).catch(() => undefined);
  if (!ad) return html``;
  const campaign = await getCampaign(req.user!, ad.campaignId).catch(() => undefined);
  const image = (platform: 'facebook' | 'linkedin') => {
    const render =
      ad.renders.find((r) => r.format === (p.platform === platform ? p.format : platform)) ??
      ad.renders.find((r) => r.format.startsWith(platform)) ??
      ad.renders[0];
    return render
      ? html`<img src="${render.url}" alt="" width="${render.width}" height="${render.height}" loading="lazy">`
      : html``;
  };
  return html`<section><h3>${t(locale, 'calendar.previews')}</h3>
    <div class="post-previews">${postCard(locale, 'facebook', ad, campaign, image('facebook'))}${postCard(locale, 'linkedin', ad, campaign, image('linkedin'))}</div>
    <p><a href="/ads/${ad.id}">${t(locale, 'calendar.viewAd')}</a></p></section>`;
}

/** The details panel of one publication: status, time, channel, post previews and the actions its state allows. */
export async function calendarPanel(req: Request, p: Publication, notice?: PanelNotice): Promise<SafeHtml> {
  const locale = req.user!.locale;
  const channel = await getChannel(p.channelId).catch(() => undefined);
  const reason = explainPublication(locale, p);
  const note =
    notice?.kind === 'success' ? html`<p class="flash flash-success" role="status">${notice.text}</p>` : '';
  return html`<div class="calendar-panel-body" data-publication-id="${p.id}" data-fence="${p.fence}" data-status="${p.status}">
    <div class="calendar-panel-head"><h2 id="calendar-panel-title">${t(locale, 'calendar.details')}</h2>
      <button type="button" class="link-button" data-calendar-close>${t(locale, 'calendar.close')}</button></div>
    ${note}
    ${notice?.kind === 'error' ? html`<p class="flash flash-error" role="alert">${notice.text}</p>` : ''}
    <dl class="facts">
      <dt>${t(locale, 'calendar.when')}</dt><dd>${formatDateTime(locale, p.scheduledAt)}</dd>
      ${p.publishedAt ? html`<dt>${t(locale, 'calendar.publishedAt')}</dt><dd>${formatDateTime(locale, p.publishedAt)}</dd>` : ''}
      <dt>${t(locale, 'calendar.channel')}</dt><dd>${channel?.name ?? p.platform} (${p.platform === 'facebook' ? 'Facebook' : 'LinkedIn'})</dd>
      <dt>${t(locale, 'ads.status')}</dt><dd><span class="calendar-status status-${p.status}">${t(locale, `calendar.status.${p.status}` as MessageKey)}</span></dd>
      ${reason.text || reason.raw.length > 0 ? html`<dt>${t(locale, 'calendar.reason')}</dt><dd>${explanation(reason)}</dd>` : ''}
    </dl>
    ${p.permalink ? html`<p><a href="${p.permalink}">${t(locale, 'calendar.permalink')}</a></p>` : ''}
    ${actions(req, locale, p, notice)}
    ${await previews(req, locale, p)}
  </div>`;
}

/** Each panel action, through the publications service (the same checks as the API). */
export const runAction: Record<CalendarAction, (req: Request, id: string) => Promise<Publication>> = {
  retry: (req, id) => retryPublication(req.user!, id),
  cancel: (req, id) => cancelPublication(req.user!, id),
  'mark-posted': (req, id) => markPublicationPosted(req.user!, id, {}),
  reschedule: (req, id) => {
    const body = req.body as { at?: unknown; fence?: unknown };
    const fence = Number.parseInt(String(body.fence ?? ''), 10);
    return reschedulePublication(req.user!, id, {
      at: typeof body.at === 'string' ? body.at : '',
      ...(Number.isInteger(fence) && fence >= 0 ? { fence } : {}),
    });
  },
};
