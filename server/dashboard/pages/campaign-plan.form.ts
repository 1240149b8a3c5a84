import { html, type SafeHtml } from '../../lib/html.js';
import type { PlanInput } from '../../modules/planning/plan.schemas.js';
import type { FieldErrors } from '../forms.js';
import type { MessageKey } from '../i18n/index.js';

/** The plan form as typed: strings, as the browser sends them. */
export interface PlanFormValues {
  channelIds: string[];
  weekdays: string[];
  times: string;
  minGapHours: string;
  from: string;
  to: string;
}

const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map(String);

export function planValuesFromBody(body: Record<string, unknown>): PlanFormValues {
  return {
    channelIds: asList(body.channelIds),
    weekdays: asList(body.weekdays),
    times: String(body.times ?? '').slice(0, 300),
    minGapHours: String(body.minGapHours ?? '').slice(0, 20),
    from: String(body.from ?? '').slice(0, 20),
    to: String(body.to ?? '').slice(0, 20),
  };
}

/** Hub-local times typed as "9:30, 14:00" become ["09:30", "14:00"]; anything else is left for the service to name. */
function timesOf(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((t) =>
      t
        .replace(/^(\d):/, '0$1:')
        .replace(/^(\d{1,2})\s*h\s*(\d{2})?$/i, (_m, h, m) => `${h.padStart(2, '0')}:${m ?? '00'}`),
    );
}

export function planInputFromValues(campaignId: string, v: PlanFormValues, planId?: string): PlanInput {
  const gap = v.minGapHours.trim() === '' ? undefined : Number(v.minGapHours.replace(',', '.'));
  return {
    campaignId,
    channelIds: v.channelIds,
    weekdays: v.weekdays.map(Number),
    times: timesOf(v.times),
    ...(gap === undefined ? {} : { minGapHours: gap }),
    ...(v.from ? { from: v.from } : {}),
    ...(v.to ? { to: v.to } : {}),
    ...(planId ? { planId } : {}),
  };
}

export const weekdayKeys: MessageKey[] = [
  'plan.monday',
  'plan.tuesday',
  'plan.wednesday',
  'plan.thursday',
  'plan.friday',
  'plan.saturday',
  'plan.sunday',
];

export function checkGroup(
  name: string,
  legend: string,
  options: { value: string; label: string }[],
  chosen: string[],
  errors?: FieldErrors,
): SafeHtml {
  const messages = errors?.[name] ?? [];
  return html`<fieldset class="check-group${messages.length ? ' field-invalid' : ''}" id="f-${name}"${messages.length ? html` aria-describedby="f-${name}-error"` : ''}>
    <legend>${legend}</legend>
    ${options.map((o) => html`<label class="check"><input type="checkbox" name="${name}" value="${o.value}"${chosen.includes(o.value) ? html` checked` : ''}> ${o.label}</label>`)}
    ${messages.length ? html`<p class="field-error" id="f-${name}-error">${messages.join(' ')}</p>` : ''}
  </fieldset>`;
}

/** Service paths ("channelIds.0", "items.3.caption.default") to the form's fields. */
export const planField = (path: string) => {
  const first = path.split('.')[0] ?? '(body)';
  return ['channelIds', 'weekdays', 'times', 'minGapHours', 'from', 'to'].includes(first) ? first : '(body)';
};
