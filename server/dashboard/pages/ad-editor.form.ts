import type { Request } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import type { AdCreateInput } from '../../modules/ads/ad.schemas.js';
import type { Ad } from '../../modules/ads/ad.service.js';
import type { Campaign } from '../../modules/campaigns/campaign.service.js';
import type { Enterprise } from '../../modules/enterprises/enterprise.service.js';
import type { TemplateSummary } from '../../modules/rendering/rendering.service.js';
import { type Locale, t } from '../i18n/index.js';
import {
  csrfField,
  errorSummary,
  type FieldErrors,
  formField,
  selectField,
  textareaField,
} from '../layout.js';
import { adPreviewPanel } from './templates.page.js';

/** The editor's values as typed (template fields by name, without the `fields.` prefix). */
export interface AdFormValues {
  campaignId: string;
  enterpriseIds: string[];
  templateId: string;
  format: string;
  fields: Record<string, string>;
  caption: string;
  captionFacebook: string;
  captionLinkedin: string;
  link: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : typeof v === 'string' && v ? [v] : []);

export function valuesFromAd(ad: Ad | undefined, defaults: Partial<AdFormValues> = {}): AdFormValues {
  return {
    campaignId: ad?.campaignId ?? defaults.campaignId ?? '',
    enterpriseIds: ad?.enterpriseIds ?? defaults.enterpriseIds ?? [],
    templateId: defaults.templateId || ad?.templateId || '',
    format: 'facebook',
    fields: { ...(ad?.fields ?? {}) },
    caption: ad?.caption.default ?? '',
    captionFacebook: ad?.caption.facebook ?? '',
    captionLinkedin: ad?.caption.linkedin ?? '',
    link: ad?.link ?? '',
  };
}

/** Reads the posted form (urlencoded: template fields arrive as `fields.<name>`). */
export function valuesFromBody(body: Record<string, unknown>): AdFormValues {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body))
    if (key.startsWith('fields.') && typeof value === 'string') fields[key.slice(7)] = value;
  return {
    campaignId: str(body.campaignId),
    enterpriseIds: list(body.enterpriseIds),
    templateId: str(body.templateId),
    format: str(body.format) || 'facebook',
    fields,
    caption: str(body.caption),
    captionFacebook: str(body.captionFacebook),
    captionLinkedin: str(body.captionLinkedin),
    link: str(body.link),
  };
}

/** What the ad service receives: empty optional texts are left out. */
export function inputFromValues(v: AdFormValues): AdCreateInput {
  return {
    campaignId: v.campaignId,
    enterpriseIds: v.enterpriseIds,
    templateId: v.templateId || null,
    fields: Object.fromEntries(Object.entries(v.fields).filter(([, value]) => value !== '')),
    caption: {
      default: v.caption,
      ...(v.captionFacebook ? { facebook: v.captionFacebook } : {}),
      ...(v.captionLinkedin ? { linkedin: v.captionLinkedin } : {}),
    },
    link: v.link || null,
  };
}

export interface AdFormContext {
  locale: Locale;
  action: string;
  values: AdFormValues;
  errors?: FieldErrors;
  campaigns: Campaign[];
  enterprises: Enterprise[];
  templates: TemplateSummary[];
  template?: TemplateSummary;
  preview: SafeHtml;
}

/** Each field's label, for the error summary: template fields by their label in the template. */
function formLabels(c: AdFormContext): Record<string, string> {
  const { locale } = c;
  const labels: Record<string, string> = {
    campaignId: t(locale, 'ads.campaign'),
    enterpriseIds: t(locale, 'ads.enterprise'),
    caption: t(locale, 'ads.captionDefault'),
    captionFacebook: t(locale, 'ads.captionFacebook'),
    captionLinkedin: t(locale, 'ads.captionLinkedin'),
    link: t(locale, 'ads.link'),
  };
  for (const field of c.template?.fields ?? []) labels[`fields.${field.name}`] = field.label[locale];
  return labels;
}

/** Picking another template reloads the editor with that template's fields (works without JavaScript). */
function templatePicker(c: AdFormContext): SafeHtml {
  const { locale, values } = c;
  return html`<form method="get" class="filters template-picker">
    ${values.campaignId ? html`<input type="hidden" name="campaignId" value="${values.campaignId}">` : ''}
    ${selectField({ name: 'templateId', id: 'pick-template', label: t(locale, 'ads.template'), value: values.templateId, options: c.templates.map((tp) => ({ value: tp.id, label: tp.label[locale] })) })}
    <button type="submit" class="button">${t(locale, 'ads.chooseTemplate')}</button>
  </form>`;
}

/**
 * The ad form: campaign, enterprises, captions and link, and the template's fields with a
 * live preview. Typing posts the form to /ads/preview (htmx), which answers with the image.
 */
export function adForm(req: Request, c: AdFormContext): SafeHtml {
  const { locale, values, errors } = c;
  const e = errors ?? {};
  const panel = c.template
    ? adPreviewPanel(
        locale,
        c.template,
        { ...values.fields, format: values.format },
        {
          enterpriseId: values.enterpriseIds[0],
          errors,
          embedded: { preview: c.preview },
        },
      )
    : html`<p class="muted">${t(locale, 'ads.noTemplate')}</p>`;
  return html`${templatePicker(c)}
  ${errorSummary(locale, errors, formLabels(c))}
  <form method="post" action="${c.action}" class="ad-editor" id="ad-form" novalidate
      hx-post="/ads/preview" hx-trigger="input changed delay:300ms, change" hx-target="#ad-preview" hx-swap="innerHTML">
    ${csrfField(req)}
    <input type="hidden" name="templateId" value="${values.templateId}">
    <div class="ad-editor-columns">
      <div class="ad-editor-inputs">
        ${selectField({ name: 'campaignId', label: t(locale, 'ads.campaign'), value: values.campaignId, options: c.campaigns.map((x) => ({ value: x.id, label: x.name })), errors: e, required: true })}
        ${selectField({ name: 'enterpriseIds', label: t(locale, 'ads.enterprise'), value: values.enterpriseIds, options: c.enterprises.map((x) => ({ value: x.id, label: x.name })), multiple: true, errors: e, required: true, hint: t(locale, 'campaigns.enterprisesHint') })}
        <fieldset><legend>${t(locale, 'ads.fields')}</legend>${c.template ? html`<p class="hint">${t(locale, 'ads.previewHint')}</p>` : ''}
        ${panel}</fieldset>
        ${textareaField({ name: 'caption', label: t(locale, 'ads.captionDefault'), value: values.caption, errors: e, rows: 4 })}
        ${textareaField({ name: 'captionFacebook', label: t(locale, 'ads.captionFacebook'), value: values.captionFacebook, errors: e, rows: 3 })}
        ${textareaField({ name: 'captionLinkedin', label: t(locale, 'ads.captionLinkedin'), value: values.captionLinkedin, errors: e, rows: 3 })}
        ${formField({ name: 'link', type: 'url', label: t(locale, 'ads.link'), value: values.link, errors: e })}
        <div id="caption-counts" aria-live="polite" hx-post="/ads/caption-count" hx-target="this" hx-trigger="load, input changed delay:300ms from:#ad-form" hx-swap="innerHTML"></div>
        <button type="submit" class="button primary">${t(locale, 'common.save')}</button>
      </div>
    </div>
  </form>`;
}
