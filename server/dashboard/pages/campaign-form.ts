import type { Request } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import { type CampaignCreateInput, campaignStatuses } from '../../modules/campaigns/campaign.schemas.js';
import type { Campaign } from '../../modules/campaigns/campaign.service.js';
import type { Enterprise } from '../../modules/enterprises/enterprise.service.js';
import { enterpriseChecklist } from '../forms.js';
import { isoDate, type Locale, t } from '../i18n/index.js';
import {
  checkboxField,
  csrfField,
  errorSummary,
  type FieldErrors,
  formField,
  selectField,
  statusOptions,
  textareaField,
} from '../layout.js';

/** The form's values as typed. */
export interface CampaignFormValues {
  name: string;
  theme: string;
  start: string;
  end: string;
  status: string;
  enterpriseIds: string[];
  hashtags: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  requiresApproval: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function valuesFromCampaign(c?: Campaign): CampaignFormValues {
  return {
    name: c?.name ?? '',
    theme: c?.theme ?? '',
    start: isoDate(c?.period.start),
    end: isoDate(c?.period.end),
    status: c?.status ?? 'draft',
    enterpriseIds: c?.enterpriseIds ?? [],
    hashtags: (c?.hashtags ?? []).map((h) => `#${h}`).join(' '),
    utmSource: c?.utm.source ?? '',
    utmMedium: c?.utm.medium ?? '',
    utmCampaign: c?.utm.campaign ?? '',
    requiresApproval: c?.requiresApproval ?? false,
  };
}

export function valuesFromBody(body: Record<string, unknown>): CampaignFormValues {
  const ids = body.enterpriseIds;
  return {
    name: str(body.name),
    theme: str(body.theme),
    start: str(body.start),
    end: str(body.end),
    status: str(body.status),
    enterpriseIds: Array.isArray(ids) ? ids.map(str) : ids ? [str(ids)] : [],
    hashtags: str(body.hashtags),
    utmSource: str(body.utmSource),
    utmMedium: str(body.utmMedium),
    utmCampaign: str(body.utmCampaign),
    requiresApproval: body.requiresApproval === 'true',
  };
}

export function inputFromValues(v: CampaignFormValues): CampaignCreateInput {
  const utm =
    v.utmSource || v.utmMedium || v.utmCampaign
      ? { utm: { source: v.utmSource, medium: v.utmMedium, campaign: v.utmCampaign } }
      : {};
  return {
    name: v.name,
    theme: v.theme,
    period: { start: v.start, end: v.end },
    status: (v.status || undefined) as CampaignCreateInput['status'],
    enterpriseIds: v.enterpriseIds.filter(Boolean),
    hashtags: v.hashtags.split(/[\s,]+/).filter(Boolean),
    requiresApproval: v.requiresApproval,
    ...utm,
  };
}

/** Service paths ("period.start", "utm.source", "hashtags.2") → form fields. */
export function campaignField(path: string): string {
  const [head, sub] = path.split('.');
  if (head === 'period') return sub === 'end' ? 'end' : 'start';
  if (head === 'utm') return `utm${(sub ?? 'source').charAt(0).toUpperCase()}${(sub ?? 'source').slice(1)}`;
  return head || '(body)';
}

export interface CampaignFormOptions {
  action: string;
  values: CampaignFormValues;
  errors?: FieldErrors;
  enterprises: Enterprise[];
  cancel: string;
}

export function campaignForm(req: Request, locale: Locale, o: CampaignFormOptions): SafeHtml {
  const v = o.values;
  const e = o.errors;
  const labels = {
    name: t(locale, 'campaigns.name'),
    start: t(locale, 'campaigns.startsOn'),
    end: t(locale, 'campaigns.endsOn'),
    hashtags: t(locale, 'campaigns.hashtags'),
    enterpriseIds: t(locale, 'campaigns.enterprises'),
  };
  return html`${errorSummary(locale, e, labels)}
  <form method="post" action="${o.action}" class="form card" novalidate>
    ${csrfField(req)}
    <div class="form-grid">
      ${formField({ name: 'name', label: labels.name, value: v.name, required: true, errors: e })}
      ${selectField({ name: 'status', label: t(locale, 'campaigns.status'), value: v.status, options: statusOptions(locale, campaignStatuses), errors: e })}
      ${formField({ name: 'start', type: 'date', label: labels.start, value: v.start, required: true, errors: e })}
      ${formField({ name: 'end', type: 'date', label: labels.end, value: v.end, required: true, errors: e })}
    </div>
    ${textareaField({ name: 'theme', label: t(locale, 'campaigns.theme'), value: v.theme, rows: 3, errors: e })}
    ${formField({ name: 'hashtags', label: labels.hashtags, value: v.hashtags, hint: t(locale, 'campaigns.hashtagsHint'), errors: e })}
    ${checkboxField({ name: 'requiresApproval', label: t(locale, 'campaigns.requiresApproval'), hint: t(locale, 'campaigns.requiresApprovalHint'), checked: v.requiresApproval, errors: e })}
    ${enterpriseChecklist({ locale, name: 'enterpriseIds', label: labels.enterpriseIds, hint: t(locale, 'campaigns.enterprisesHint'), chosen: v.enterpriseIds, enterprises: o.enterprises, ...(e ? { errors: e } : {}) })}
    <fieldset><legend>${t(locale, 'campaigns.utm')}</legend><div class="form-grid">
      ${formField({ name: 'utmSource', label: t(locale, 'campaigns.utmSource'), value: v.utmSource, errors: e })}
      ${formField({ name: 'utmMedium', label: t(locale, 'campaigns.utmMedium'), value: v.utmMedium, errors: e })}
      ${formField({ name: 'utmCampaign', label: t(locale, 'campaigns.utmCampaign'), value: v.utmCampaign, errors: e })}
    </div></fieldset>
    <div class="form-actions">
      <button type="submit" class="button primary">${t(locale, 'common.save')}</button>
      <a href="${o.cancel}" class="button">${t(locale, 'common.cancel')}</a>
    </div>
  </form>`;
}
