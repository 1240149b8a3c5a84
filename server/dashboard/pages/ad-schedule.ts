import type { Request } from 'express';
import { config } from '../../config/index.js';
import { html, type SafeHtml } from '../../lib/html.js';
import type { Ad } from '../../modules/ads/ad.service.js';
import type { Campaign } from '../../modules/campaigns/campaign.service.js';
import type { PublicChannel } from '../../modules/channels/channel.service.js';
import { captionCount, captionFor, linkFor, utmLink } from '../../modules/scheduling/schedule-checks.js';
import { csrfField, errorSummary, type FieldErrors, formField } from '../forms.js';
import { formatNumber, type Locale, t } from '../i18n/index.js';

/** The schedule form as typed: channel ids and a hub-local `YYYY-MM-DDTHH:mm`. */
export interface ScheduleFormValues {
  channelIds: string[];
  at: string;
}

export function scheduleValuesFromBody(body: Record<string, unknown>): ScheduleFormValues {
  const ids = body.channelIds;
  return {
    channelIds: (Array.isArray(ids) ? ids : ids ? [ids] : []).map(String).slice(0, 20),
    at: String(body.at ?? '').slice(0, 40),
  };
}

/** Service paths ("channelIds.1", "caption.linkedin") to the form's fields; the rest goes on top. */
export const scheduleField = (path: string) => {
  const first = path.split('.')[0] ?? '(body)';
  return first === 'channelIds' || first === 'at' || first === 'offset'
    ? first === 'offset'
      ? 'at'
      : first
    : '(body)';
};

/** The channels an ad may go on: the hub's pages and the pages of the enterprises it features. */
export const channelsFor = (ad: Ad, channels: PublicChannel[]) =>
  channels.filter(
    (c) =>
      c.status !== 'disabled' && (c.owner.kind === 'hub' || ad.enterpriseIds.includes(c.owner.enterpriseId)),
  );

/** One platform's count line: "312 / 3 000 characters, link included", in red past the limit. */
export function counterLine(
  locale: Locale,
  platform: 'facebook' | 'linkedin',
  { length, max }: { length: number; max: number },
): SafeHtml {
  const over = length > max;
  const name = platform === 'facebook' ? 'Facebook' : 'LinkedIn';
  return html`<p class="char-count${over ? ' char-count-over' : ''}" data-platform="${platform}">
    ${t(locale, over ? 'schedule.countOver' : 'schedule.count', { length: formatNumber(locale, length), max: formatNumber(locale, max), over: formatNumber(locale, length - max) })} · ${name}</p>`;
}

/**
 * A post's length as its platform counts it (its caption rule, link with UTM included) against its
 * limit. Counted by the scheduler's own rule, so what is shown is what scheduling accepts.
 */
export function captionCounter(
  locale: Locale,
  ad: Ad,
  campaign: Campaign | undefined,
  platform: 'facebook' | 'linkedin',
): SafeHtml {
  const link = campaign ? linkFor(ad, campaign) : (ad.link ?? undefined);
  return counterLine(locale, platform, captionCount(captionFor(ad, platform), link, platform));
}

/**
 * The editor's live counts while captions and link are typed (htmx posts the form): each
 * platform's own caption, or the default one, with the campaign's UTM'd link.
 */
export function liveCounters(
  locale: Locale,
  typed: { caption: string; captionFacebook: string; captionLinkedin: string; link: string },
  campaign: Campaign | undefined,
): SafeHtml {
  const link = campaign ? utmLink(typed.link.trim(), campaign) : typed.link.trim() || undefined;
  const own = { facebook: typed.captionFacebook, linkedin: typed.captionLinkedin };
  return html`${(['facebook', 'linkedin'] as const).map((p) =>
    counterLine(locale, p, captionCount(own[p] || typed.caption, link, p)),
  )}`;
}

/** "Schedule" on an ad's page: channels, a hub-local date and time, errors beside each field. */
export function scheduleForm(
  req: Request,
  locale: Locale,
  ad: Ad,
  channels: PublicChannel[],
  values: ScheduleFormValues,
  errors?: FieldErrors,
): SafeHtml {
  const usable = channelsFor(ad, channels);
  const messages = errors?.channelIds ?? [];
  const labels = { channelIds: t(locale, 'plan.channels'), at: t(locale, 'schedule.at') };
  return html`<section class="card" id="schedule" aria-labelledby="schedule-title">
    <h2 id="schedule-title">${t(locale, 'schedule.title')}</h2>
    <form method="post" action="/ads/${ad.id}/schedule#schedule" class="stack" novalidate>${csrfField(req)}
      ${errorSummary(locale, errors, labels)}
      <fieldset class="check-group${messages.length ? ' field-invalid' : ''}" id="f-channelIds"><legend>${labels.channelIds}</legend>
        ${usable.length ? usable.map((c) => html`<label class="check"><input type="checkbox" name="channelIds" value="${c.id}"${values.channelIds.includes(c.id) ? html` checked` : ''}> ${c.name} (${c.platform === 'facebook' ? 'Facebook' : 'LinkedIn'})${c.status === 'needs_reconnection' ? html` <span class="badge badge-bad">${t(locale, 'home.channel.needs_reconnection')}</span>` : ''}</label>`) : html`<p class="muted">${t(locale, 'home.noChannel')}</p>`}
        ${messages.length ? html`<p class="field-error">${messages.join(' ')}</p>` : ''}
      </fieldset>
      ${formField({ name: 'at', label: labels.at, type: 'datetime-local', value: values.at, hint: t(locale, 'schedule.atHint', { zone: config().HUB_TIMEZONE }), errors })}
      <div class="form-actions"><button type="submit" class="button primary"${ad.templateId ? '' : ' disabled'}>${t(locale, 'schedule.submit')}</button></div>
    </form></section>`;
}
