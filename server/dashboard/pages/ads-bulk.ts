import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { type FieldProblem, ValidationError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { objectId } from '../../lib/object-id.js';
import { requestApproval } from '../../modules/approvals/approval.service.js';
import type { PublicChannel } from '../../modules/channels/channel.service.js';
import { resolveHubTime } from '../../modules/scheduling/local-time.js';
import { type ScheduleItem, scheduleMany } from '../../modules/scheduling/schedule-many.js';
import type { PublicUser } from '../../modules/users/user.service.js';
import { queueAdRender } from '../../use-cases/render-ad.js';
import { type FieldErrors, formField } from '../forms.js';
import { type Locale, t } from '../i18n/index.js';

/** The bulk form as typed: the selected ads, the action, and for "schedule" channels, a first time and a spacing. */
export interface BulkValues {
  adIds: string[];
  action: string;
  channelIds: string[];
  at: string;
  everyDays: string;
}

const list = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []).map(String);

export function bulkValuesFromBody(body: Record<string, unknown>): BulkValues {
  return {
    adIds: list(body.adIds)
      .filter((id) => objectId.safeParse(id).success)
      .slice(0, 100),
    action: String(body.action ?? ''),
    channelIds: list(body.channelIds).slice(0, 20),
    at: String(body.at ?? '').slice(0, 40),
    everyDays: String(body.everyDays ?? '1').slice(0, 5),
  };
}

/** Service paths to the bulk form's fields: items.N.channelIds.M → channelIds, items.N.at → at. */
export const bulkField = (path: string) => {
  const parts = path.split('.');
  const field = parts[0] === 'items' ? parts[2] : parts[0];
  return field === 'channelIds' || field === 'at' || field === 'everyDays' || field === 'adIds'
    ? field
    : '(body)';
};

/**
 * The selection's schedule: ad N at the first time plus N × everyDays days, the same hub-local
 * wall time each day (across a DST change too); each time is checked as the API checks it.
 */
function bulkItems(v: BulkValues): ScheduleItem[] {
  const problems: FieldProblem[] = [];
  if (v.adIds.length === 0) problems.push({ field: 'adIds', message: 'must name at least one ad' });
  const every = Number(v.everyDays);
  if (!Number.isInteger(every) || every < 0 || every > 60)
    problems.push({ field: 'everyDays', message: 'must be a whole number of days from 0 to 60' });
  if (problems.length > 0) throw new ValidationError('Invalid selection.', problems);
  const zone = config().HUB_TIMEZONE;
  const first = DateTime.fromISO(v.at, { zone });
  return v.adIds.map((adId, i) => {
    const local = first.isValid ? first.plus({ days: i * every }).toFormat("yyyy-MM-dd'T'HH:mm") : v.at;
    return { adId, channelIds: v.channelIds, at: resolveHubTime({ at: local }, zone).instant };
  });
}

/** Runs a bulk action; returns the number of ads (render, approval asked) or publications (schedule) done. */
export async function runBulk(user: PublicUser, v: BulkValues): Promise<number> {
  if (v.action === 'render') {
    if (v.adIds.length === 0)
      throw new ValidationError('Invalid selection.', [
        { field: 'adIds', message: 'must name at least one ad' },
      ]);
    for (const id of v.adIds) await queueAdRender(user, id);
    return v.adIds.length;
  }
  if (v.action === 'approval') {
    if (v.adIds.length === 0)
      throw new ValidationError('Invalid selection.', [
        { field: 'adIds', message: 'must name at least one ad' },
      ]);
    for (const id of v.adIds) await requestApproval(user, id);
    return v.adIds.length;
  }
  if (v.action === 'schedule') {
    if (v.channelIds.length === 0)
      throw new ValidationError('Invalid selection.', [
        { field: 'channelIds', message: 'must name at least one channel' },
      ]);
    return (await scheduleMany(user, bulkItems(v))).length;
  }
  throw new ValidationError('Unknown action.', [
    { field: 'action', message: 'must be render, approval or schedule' },
  ]);
}

/**
 * The actions on the selected ads, for staff: render, ask the featured enterprises for
 * approval, or schedule them one after the other.
 */
export function bulkBar(
  locale: Locale,
  channels: PublicChannel[],
  v: BulkValues | undefined,
  errors: FieldErrors | undefined,
): SafeHtml {
  const chosen = v?.channelIds ?? [];
  const messages = errors?.channelIds ?? [];
  const selection = errors?.adIds ?? [];
  return html`<fieldset class="bulk card" id="bulk"><legend>${t(locale, 'bulk.title')}</legend>
    ${selection.length ? html`<p class="field-error" id="f-adIds">${selection.join(' ')}</p>` : ''}
    ${errors?.['(body)'] ? html`<p class="field-error" role="alert">${errors['(body)'].join(' ')}</p>` : ''}
    <div class="form-actions"><button type="submit" class="button" name="action" value="render">${t(locale, 'bulk.render')}</button>
      <button type="submit" class="button" name="action" value="approval">${t(locale, 'bulk.askApproval')}</button></div>
    <details${v?.action === 'schedule' ? html` open` : ''}><summary>${t(locale, 'bulk.schedule')}</summary>
      <div class="stack">
        <fieldset class="check-group${messages.length ? ' field-invalid' : ''}" id="f-channelIds"><legend>${t(locale, 'plan.channels')}</legend>
          ${channels.filter((c) => c.status !== 'disabled').map((c) => html`<label class="check"><input type="checkbox" name="channelIds" value="${c.id}"${chosen.includes(c.id) ? html` checked` : ''}> ${c.name} (${c.platform === 'facebook' ? 'Facebook' : 'LinkedIn'})</label>`)}
          ${messages.length ? html`<p class="field-error">${messages.join(' ')}</p>` : ''}
        </fieldset>
        <div class="form-grid">
          ${formField({ name: 'at', type: 'datetime-local', label: t(locale, 'bulk.first'), value: v?.at, hint: t(locale, 'schedule.atHint', { zone: config().HUB_TIMEZONE }), errors })}
          ${formField({ name: 'everyDays', type: 'number', label: t(locale, 'bulk.everyDays'), value: v?.everyDays ?? '1', errors })}
        </div>
        <div class="form-actions"><button type="submit" class="button primary" name="action" value="schedule">${t(locale, 'bulk.scheduleSubmit')}</button></div>
      </div></details>
  </fieldset>`;
}
