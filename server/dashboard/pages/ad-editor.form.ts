import type { Request } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import type { AdCreateInput } from '../../modules/ads/ad.schemas.js';
import type { Ad } from '../../modules/ads/ad.service.js';
import type { Campaign } from '../../modules/campaigns/campaign.service.js';
import type { Enterprise } from '../../modules/enterprises/enterprise.service.js';
import type { TemplateSummary } from '../../modules/rendering/rendering.service.js';
import { enterpriseChecklist } from '../forms.js';
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

/**
 * The template, inside the editor's form: choosing one re-renders the form with that
 * template's fields, keeping what was typed. The button does it without JavaScript;
 * ad-editor.js hides it and presses it when the choice changes.
 */
function templatePicker(c: AdFormContext): SafeHtml {
  const { locale, values } = c;
  return html`<div class="template-picker">
    ${selectField({ name: 'templateId', id: 'pick-template', label: t(locale, 'ads.template'), value: values.templateId, options: c.templates.map((tp) => ({ value: tp.id, label: tp.label[locale] })) })}
    <button type="submit" name="intent" value="switch-template" class="button" formnovalidate data-switch-template>${t(locale, 'ads.chooseTemplate')}</button>
  </div>`;
}

/**
 * The featured enterprises as checkboxes (Tab and Space, no Ctrl-click), with a search box
 * that app.js shows and wires to filter the list; checked ones come first.
 */
function enterprisePicker(c: AdFormContext): SafeHtml {
  return enterpriseChecklist({
    locale: c.locale,
    name: 'enterpriseIds',
    label: t(c.locale, 'ads.enterprise'),
    hint: t(c.locale, 'ads.enterprisesPickHint'),
    chosen: c.values.enterpriseIds,
    enterprises: c.enterprises,
    ...(c.errors ? { errors: c.errors } : {}),
    required: true,
  });
}

/**
 * The template's image fields, in a box that follows the enterprise checkboxes: ticking one
 * posts the form to /ads/photo-pickers (htmx), which answers this box with that enterprise's
 * photos. Without JavaScript the "Show their photos" button re-renders the form (what was typed is
 * kept); ad-editor.js hides it.
 */
export function photoPickerBox(
  c: Pick<AdFormContext, 'locale' | 'values' | 'template' | 'enterprises'>,
): SafeHtml {
  const pickers = photoPickers(c);
  if (pickers.length === 0) return html``;
  return html`<div id="photo-pickers" hx-post="/ads/photo-pickers" hx-trigger="change from:#enterpriseIds-options" hx-target="this" hx-swap="outerHTML" hx-sync="this:replace">
    ${pickers}
    <button type="submit" name="intent" value="switch-template" class="button" formnovalidate data-refresh-photos>${t(c.locale, 'ads.showPhotos')}</button>
  </div>`;
}

/** The template's image fields: the featured enterprises' photos to pick from, or the lead's default. */
function photoPickers(c: Pick<AdFormContext, 'locale' | 'values' | 'template' | 'enterprises'>): SafeHtml[] {
  const { locale, values, template } = c;
  const featured = values.enterpriseIds.flatMap((id) => c.enterprises.filter((e) => e.id === id));
  return (template?.fields ?? []).flatMap((f) => {
    if (f.type !== 'image') return [];
    const chosen = values.fields[f.name] ?? '';
    const option = (value: string, label: SafeHtml | string, image?: string) =>
      html`<label class="photo-option"><input type="radio" name="fields.${f.name}" value="${value}"${chosen === value ? html` checked` : ''}>${image ? html`<img src="${image}" alt="" width="96" height="64" loading="lazy">` : ''}<span>${label}</span></label>`;
    const photos = featured.flatMap((e) =>
      e.photos.map((p, i) => option(p.fileId, t(locale, 'ads.photoOf', { n: i + 1, name: e.name }), p.url)),
    );
    return [
      html`<fieldset class="photo-picker"><legend>${f.label[locale]}</legend>
        <p class="hint">${t(locale, 'ads.photoHint')}</p>
        <div class="photo-options">${option('', t(locale, 'ads.photoDefault'))}${photos}</div>
      </fieldset>`,
    ];
  });
}

/**
 * The ad form: template, campaign, enterprises, the template's fields, captions and link,
 * with the live preview beside it on wide screens (it stays in view while typing). Typing
 * posts the form to /ads/preview (htmx), which answers with the image.
 */
export function adForm(req: Request, c: AdFormContext): SafeHtml {
  const { locale, values, errors } = c;
  const e = errors ?? {};
  const panel = c.template
    ? adPreviewPanel(
        locale,
        c.template,
        { ...values.fields, format: values.format },
        { errors, embedded: true },
      )
    : html`<p class="muted">${t(locale, 'ads.noTemplate')}</p>`;
  return html`${errorSummary(locale, errors, formLabels(c))}
  <form method="post" action="${c.action}" class="ad-editor" id="ad-form" novalidate
      hx-post="/ads/preview" hx-trigger="input changed delay:300ms, change" hx-target="#ad-preview" hx-swap="innerHTML">
    ${csrfField(req)}
    <div class="ad-editor-columns">
      <div class="ad-editor-inputs">
        ${templatePicker(c)}
        ${selectField({ name: 'campaignId', label: t(locale, 'ads.campaign'), value: values.campaignId, options: c.campaigns.map((x) => ({ value: x.id, label: x.name })), errors: e, required: true })}
        ${enterprisePicker(c)}
        <fieldset><legend>${t(locale, 'ads.fields')}</legend>${c.template ? html`<p class="hint">${t(locale, 'ads.previewHint')}</p>` : ''}
        ${panel}${photoPickerBox(c)}</fieldset>
        ${textareaField({ name: 'caption', label: t(locale, 'ads.captionDefault'), value: values.caption, errors: e, rows: 4 })}
        ${textareaField({ name: 'captionFacebook', label: t(locale, 'ads.captionFacebook'), value: values.captionFacebook, errors: e, rows: 3 })}
        ${textareaField({ name: 'captionLinkedin', label: t(locale, 'ads.captionLinkedin'), value: values.captionLinkedin, errors: e, rows: 3 })}
        ${formField({ name: 'link', type: 'url', label: t(locale, 'ads.link'), value: values.link, errors: e })}
        <div id="caption-counts" aria-live="polite" hx-post="/ads/caption-count" hx-target="this" hx-trigger="load, input changed delay:300ms from:#ad-form" hx-swap="innerHTML"></div>
        <button type="submit" class="button primary">${t(locale, 'common.save')}</button>
      </div>
      <aside class="ad-editor-preview" aria-label="${t(locale, 'ads.livePreview')}">
        ${c.template ? html`<figure id="ad-preview" aria-live="polite">${c.preview}</figure>` : ''}
      </aside>
    </div>
  </form>
  <script src="/static/ad-editor.js" defer></script>`;
}
