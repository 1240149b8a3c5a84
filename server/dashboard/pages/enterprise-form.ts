import type { Request } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import { type ImpactKind, impactKinds, territories } from '../../modules/enterprises/enterprise.constants.js';
import type { EnterpriseCreateInput } from '../../modules/enterprises/enterprise.schemas.js';
import type { Enterprise } from '../../modules/enterprises/enterprise.service.js';
import { type Locale, type MessageKey, t } from '../i18n/index.js';
import { legalFormOptions, sectorOptions } from '../i18n/labels.js';
import {
  checkboxField,
  csrfField,
  errorSummary,
  type FieldErrors,
  formField,
  selectField,
  textareaField,
} from '../layout.js';
import { photosFieldset } from './enterprise-photos.form.js';

/** What the form shows: strings as typed, so a refused form comes back exactly as it was sent. */
export interface EnterpriseFormValues {
  name: string;
  slug: string;
  legalForm: string;
  territory: string;
  sector: string;
  description: string;
  website: string;
  contactEmail: string;
  brandColor: string;
  impacts: Record<ImpactKind, string>;
  cohorts: string;
  tags: string;
  active: boolean;
}

const impactLabels: Record<ImpactKind, MessageKey> = {
  social: 'enterprises.impactSocial',
  economic: 'enterprises.impactEconomic',
  environmental: 'enterprises.impactEnvironmental',
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function valuesFromEnterprise(e?: Enterprise): EnterpriseFormValues {
  const impactText = (kind: ImpactKind) =>
    (e?.impacts ?? [])
      .filter((i) => i.kind === kind)
      .map((i) => (i.value ? `${i.value} | ${i.label}` : i.label))
      .join('\n');
  return {
    name: e?.name ?? '',
    slug: e?.slug ?? '',
    legalForm: e?.legalForm ?? '',
    territory: e?.territory ?? '',
    sector: e?.sector ?? '',
    description: e?.description ?? '',
    website: e?.website ?? '',
    contactEmail: e?.contactEmail ?? '',
    brandColor: e?.brandColor ?? '#1F6F5C',
    impacts: {
      social: impactText('social'),
      economic: impactText('economic'),
      environmental: impactText('environmental'),
    },
    cohorts: (e?.cohorts ?? []).join(', '),
    tags: (e?.tags ?? []).join(', '),
    active: e?.active ?? true,
  };
}

export function valuesFromBody(body: Record<string, unknown>): EnterpriseFormValues {
  return {
    name: str(body.name),
    slug: str(body.slug),
    legalForm: str(body.legalForm),
    territory: str(body.territory),
    sector: str(body.sector),
    description: str(body.description),
    website: str(body.website),
    contactEmail: str(body.contactEmail),
    brandColor: str(body.brandColor),
    impacts: {
      social: str(body.impacts_social),
      economic: str(body.impacts_economic),
      environmental: str(body.impacts_environmental),
    },
    cohorts: str(body.cohorts),
    tags: str(body.tags),
    active: body.active === 'true',
  };
}

/** "12 | emplois créés" → { value: '12', label: 'emplois créés' }; a line without "|" is a label. */
function impactsFrom(values: EnterpriseFormValues) {
  return impactKinds.flatMap((kind) =>
    values.impacts[kind]
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [first, ...rest] = line.split('|');
        return rest.length > 0
          ? { kind, value: first!.trim(), label: rest.join('|').trim() }
          : { kind, label: line };
      }),
  );
}

/** The service input: members send only what they may change; blank optional fields are left out. */
export function inputFromValues(
  values: EnterpriseFormValues,
  staff: boolean,
): Partial<EnterpriseCreateInput> {
  const shared = {
    description: values.description,
    website: values.website.trim() || null,
    impacts: impactsFrom(values),
  };
  if (!staff) return shared;
  return {
    ...shared,
    contactEmail: values.contactEmail.trim() || null,
    name: values.name,
    ...(values.slug.trim() ? { slug: values.slug.trim() } : {}),
    legalForm: (values.legalForm || undefined) as EnterpriseCreateInput['legalForm'],
    territory: (values.territory || undefined) as EnterpriseCreateInput['territory'],
    sector: (values.sector || undefined) as EnterpriseCreateInput['sector'],
    ...(values.brandColor.trim() ? { brandColor: values.brandColor.trim() } : {}),
    cohorts: list(values.cohorts),
    tags: list(values.tags),
    active: values.active,
  };
}

function impactsFieldset(locale: Locale, values: EnterpriseFormValues, errors?: FieldErrors): SafeHtml {
  const problems = errors?.impacts;
  return html`<fieldset${problems ? html` aria-describedby="f-impacts-error"` : ''}>
    <legend>${t(locale, 'enterprises.impacts')}</legend>
    <p class="hint">${t(locale, 'enterprises.impactsHint')} « 12 | emplois créés »</p>
    ${problems ? html`<p class="field-error" id="f-impacts-error">${problems.join(' ')}</p>` : ''}
    <div class="form-grid">${impactKinds.map((kind) =>
      textareaField({
        name: `impacts_${kind}`,
        label: t(locale, impactLabels[kind]),
        value: values.impacts[kind],
        rows: 3,
        errors,
      }),
    )}</div></fieldset>`;
}

function staffFields(locale: Locale, v: EnterpriseFormValues, errors?: FieldErrors): SafeHtml {
  return html`<div class="form-grid">
    ${formField({ name: 'name', label: t(locale, 'enterprises.name'), value: v.name, required: true, errors })}
    ${formField({ name: 'slug', label: 'Slug', value: v.slug, errors, hint: 'ex. : cafe-de-la-gare' })}
    ${selectField({ name: 'legalForm', label: t(locale, 'enterprises.legalForm'), value: v.legalForm, options: legalFormOptions(locale), empty: '—', required: true, errors })}
    ${selectField({ name: 'territory', label: t(locale, 'enterprises.territory'), value: v.territory, options: territories.map((x) => ({ value: x, label: x })), empty: '—', required: true, errors })}
    ${selectField({ name: 'sector', label: t(locale, 'enterprises.sector'), value: v.sector, options: sectorOptions(locale), empty: '—', required: true, errors })}
    ${formField({ name: 'brandColor', label: t(locale, 'enterprises.brandColor'), value: v.brandColor, hint: t(locale, 'enterprises.brandColorHint'), pattern: '#[0-9a-fA-F]{6}', errors })}
  </div>`;
}

export interface EnterpriseFormOptions {
  action: string;
  /** Largest logo or photo upload, in MB (the hints say it). */
  maxImageMegabytes: number;
  values: EnterpriseFormValues;
  errors?: FieldErrors;
  staff: boolean;
  enterprise?: Enterprise;
  cancel: string;
}

/** The create/edit form, multipart (with the logo); its CSRF token is in the body (see parseFormBeforeCsrf). */
export function enterpriseForm(req: Request, locale: Locale, o: EnterpriseFormOptions): SafeHtml {
  const v = o.values;
  const labels = {
    name: t(locale, 'enterprises.name'),
    legalForm: t(locale, 'enterprises.legalForm'),
    territory: t(locale, 'enterprises.territory'),
    sector: t(locale, 'enterprises.sector'),
    logo: t(locale, 'enterprises.logo'),
    website: t(locale, 'enterprises.website'),
  };
  const logo = o.enterprise?.logoUrl
    ? html`<img class="logo-thumb" src="${o.enterprise.logoUrl}" alt="${t(locale, 'enterprises.logoAlt', { name: o.enterprise.name })}">`
    : '';
  return html`${errorSummary(locale, o.errors, labels)}
  <form method="post" action="${o.action}" enctype="multipart/form-data" class="form card" hx-boost="true" novalidate>
    ${csrfField(req)}
    ${o.staff ? staffFields(locale, v, o.errors) : ''}
    <div class="form-grid">
      ${formField({ name: 'website', type: 'url', label: t(locale, 'enterprises.website'), value: v.website, errors: o.errors, placeholder: 'https://' })}
      ${o.staff ? formField({ name: 'contactEmail', type: 'email', label: t(locale, 'enterprises.contactEmail'), hint: t(locale, 'enterprises.contactEmailHint'), value: v.contactEmail, errors: o.errors }) : ''}
      <div class="logo-field">${logo}${formField({ name: 'logo', type: 'file', label: t(locale, 'enterprises.logo'), hint: t(locale, 'enterprises.logoHint'), accept: 'image/png,image/jpeg,image/webp,image/svg+xml,.svg,image/heic,.heic', errors: o.errors })}</div>
    </div>
    ${o.staff ? photosFieldset(locale, o.enterprise, o.maxImageMegabytes, o.errors) : ''}
    ${textareaField({ name: 'description', label: t(locale, 'enterprises.description'), value: v.description, rows: 5, errors: o.errors })}
    ${impactsFieldset(locale, v, o.errors)}
    ${
      o.staff
        ? html`<div class="form-grid">
      ${formField({ name: 'cohorts', label: t(locale, 'enterprises.cohorts'), value: v.cohorts, hint: t(locale, 'enterprises.tagsHint'), errors: o.errors })}
      ${formField({ name: 'tags', label: t(locale, 'enterprises.tagList'), value: v.tags, hint: t(locale, 'enterprises.tagsHint'), errors: o.errors })}
    </div>
    ${checkboxField({ name: 'active', label: t(locale, 'enterprises.active'), checked: v.active, errors: o.errors })}`
        : ''
    }
    <div class="form-actions">
      <button type="submit" class="button primary">${t(locale, 'common.save')}</button>
      <a href="${o.cancel}" class="button">${t(locale, 'common.cancel')}</a>
    </div>
  </form>
  <link rel="stylesheet" href="/static/enterprise-form.css">
  <script src="/static/enterprise-form.js" defer></script>`;
}
