import type { Request } from 'express';
import { AppError, type FieldProblem } from '../lib/errors.js';
import { html, type SafeHtml } from '../lib/html.js';
import { csrfToken } from '../modules/auth/auth.middleware.js';
import { type Locale, type MessageKey, t } from './i18n/index.js';
import { translateProblem } from './i18n/problems.js';

/** Problems per field name, as rendered beside each field. */
export type FieldErrors = Record<string, string[]>;

interface BaseField {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
  required?: boolean;
  /** Field id; defaults to `f-<name>`. */
  id?: string;
}

export interface InputField extends BaseField {
  value?: string | number | null;
  type?:
    | 'text'
    | 'email'
    | 'url'
    | 'password'
    | 'date'
    | 'datetime-local'
    | 'number'
    | 'file'
    | 'search'
    | 'color';
  autocomplete?: string;
  accept?: string;
  placeholder?: string;
  pattern?: string;
}

export interface SelectField extends BaseField {
  value?: string | string[] | null;
  options: { value: string; label: string }[];
  multiple?: boolean;
  /** Label of an empty first option ("None"); omitted when undefined. */
  empty?: string;
}

export interface TextareaField extends BaseField {
  value?: string | null;
  rows?: number;
}

/** The hidden CSRF field every dashboard form carries. */
export function csrfField(req: Request): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrfToken(req)}">`;
}

const firstSegment = (path: string) => path.split('.')[0] || '(body)';

/**
 * Turns a ValidationError (or any 4xx AppError with field details) into errors per form field; undefined otherwise.
 * Messages are translated for the user's language. `fieldOf` maps a service path ("period.start", "impacts.2.label") to a form field name; by default its first segment.
 */
export function fieldErrors(
  err: unknown,
  locale: Locale,
  fieldOf: (path: string) => string = firstSegment,
): FieldErrors | undefined {
  if (!(err instanceof AppError) || err.status >= 500 || !Array.isArray(err.details)) return undefined;
  const errors: FieldErrors = {};
  for (const problem of err.details as FieldProblem[]) {
    const field = fieldOf(String(problem.field ?? '(body)'));
    const list = errors[field] ?? [];
    list.push(translateProblem(locale, problem.message));
    errors[field] = list;
  }
  if (Object.keys(errors).length === 0) errors['(body)'] = [err.message];
  return errors;
}

/**
 * A refused action (4xx) as one sentence in the user's language, for a flash message: the
 * translated problems when they are known, else the status's own explanation. English users
 * get the service's message.
 */
export function errorText(locale: Locale, err: AppError): string {
  const problems = Array.isArray(err.details) ? (err.details as FieldProblem[]) : [];
  if (locale === 'en')
    return problems.reduce(
      (text, p) => text.replace(p.message, translateProblem(locale, p.message)),
      err.message,
    );
  const translated = problems
    .map((p) => translateProblem(locale, p.message))
    .filter((text, i) => text !== problems[i]!.message);
  if (translated.length > 0 && translated.length === problems.length) return `${translated.join(' ; ')}.`;
  const known = [400, 403, 404, 409, 413, 429].includes(err.status) ? err.status : 400;
  return t(locale, `error.${known}` as MessageKey);
}

function parts(field: BaseField) {
  const id = field.id ?? `f-${field.name}`;
  const messages = field.errors?.[field.name] ?? [];
  const hintId = field.hint ? `${id}-hint` : undefined;
  const errorId = messages.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const aria = html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${errorId ? html` aria-invalid="true"` : ''}${field.required ? html` required aria-required="true"` : ''}`;
  const label = html`<label for="${id}">${field.label}${field.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>`;
  const hint = hintId ? html`<p class="hint" id="${hintId}">${field.hint}</p>` : '';
  const error = errorId ? html`<p class="field-error" id="${errorId}">${messages.join(' ')}</p>` : '';
  return { id, aria, label, hint, error, invalid: Boolean(errorId) };
}

/** A labelled input with its hint and its errors (aria-describedby, aria-invalid). */
export function formField(field: InputField): SafeHtml {
  const p = parts(field);
  const type = field.type ?? 'text';
  const value =
    type === 'file' || type === 'password' || field.value == null
      ? ''
      : html` value="${String(field.value)}"`;
  return html`<div class="field${p.invalid ? ' field-invalid' : ''}">${p.label}${p.hint}
    <input id="${p.id}" name="${field.name}" type="${type}"${value}${p.aria}${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''}${field.accept ? html` accept="${field.accept}"` : ''}${field.placeholder ? html` placeholder="${field.placeholder}"` : ''}${field.pattern ? html` pattern="${field.pattern}"` : ''}>
    ${p.error}</div>`;
}

export function selectField(field: SelectField): SafeHtml {
  const p = parts(field);
  const chosen = new Set(Array.isArray(field.value) ? field.value : field.value ? [field.value] : []);
  const empty = field.empty === undefined ? '' : html`<option value="">${field.empty}</option>`;
  return html`<div class="field${p.invalid ? ' field-invalid' : ''}">${p.label}${p.hint}
    <select id="${p.id}" name="${field.name}"${field.multiple ? html` multiple size="${Math.min(8, field.options.length)}"` : ''}${p.aria}>${empty}${field.options.map(
      (o) =>
        html`<option value="${o.value}"${chosen.has(o.value) ? html` selected` : ''}>${o.label}</option>`,
    )}</select>
    ${p.error}</div>`;
}

export function textareaField(field: TextareaField): SafeHtml {
  const p = parts(field);
  return html`<div class="field${p.invalid ? ' field-invalid' : ''}">${p.label}${p.hint}
    <textarea id="${p.id}" name="${field.name}" rows="${field.rows ?? 4}"${p.aria}>${field.value ?? ''}</textarea>
    ${p.error}</div>`;
}

export function checkboxField(field: BaseField & { checked: boolean }): SafeHtml {
  const p = parts(field);
  return html`<div class="field field-check${p.invalid ? ' field-invalid' : ''}">
    <input id="${p.id}" name="${field.name}" type="checkbox" value="true"${field.checked ? html` checked` : ''}${p.aria}>
    ${p.label}${p.hint}${p.error}</div>`;
}

/** A summary at the top of an invalid form, each item linking to its field. */
export function errorSummary(
  locale: Locale,
  errors: FieldErrors | undefined,
  labels: Record<string, string> = {},
): SafeHtml {
  if (!errors) return html``;
  const entries = Object.entries(errors);
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
    <p>${t(locale, 'common.formErrors', { count: entries.length })}</p>
    <ul>${entries.map(([field, messages]) =>
      field in labels
        ? html`<li><a href="#f-${field}">${labels[field]}</a>${locale === 'fr' ? ' : ' : ': '}${messages.join(' ')}</li>`
        : // A field without a label here is never named by its internal path ("fields.headline"):
          // nameSummaryFields gives it the label the rendered form shows for it.
          html`<li data-field="${field}">${messages.join(' ')}</li>`,
    )}</ul></div>`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text of the label (or fieldset legend) the page shows for field id `id`, as page HTML. */
function labelInPage(page: string, id: string): string | undefined {
  const target = escapeRegExp(id);
  const label =
    new RegExp(`<label for="${target}">([\\s\\S]*?)</label>`).exec(page) ??
    new RegExp(`<fieldset[^>]*id="${target}"[^>]*>\\s*<legend>([\\s\\S]*?)</legend>`).exec(page);
  const text = label?.[1]
    ?.replace(/<span class="req"[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s*\*\s*$/, '')
    .trim();
  return text || undefined;
}

/**
 * Names each error-summary line left without a label (a field the page's own label map forgot)
 * by the label its field carries in the rendered page, linking to the field: the summary never
 * shows a bare message. `page` is the page's HTML (already escaped); a field the page does not
 * show keeps its bare line.
 */
export function nameSummaryFields(page: string, locale: Locale): string {
  if (!page.includes('<li data-field="')) return page;
  return page.replace(/<li data-field="([^"]+)">/g, (_, field: string) => {
    const label = labelInPage(page, `f-${field}`);
    return label ? `<li><a href="#f-${field}">${label}</a>${locale === 'fr' ? ' : ' : ': '}` : '<li>';
  });
}

/**
 * Enterprises as checkboxes (Tab and Space, no Ctrl-click), checked ones first, with a search
 * box that app.js shows and wires to filter the list (accents and case ignored). Sends
 * `name` once per checked enterprise; works without JavaScript.
 */
export function enterpriseChecklist(o: {
  locale: Locale;
  name: string;
  label: string;
  hint?: string;
  chosen: string[];
  enterprises: { id: string; name: string }[];
  errors?: FieldErrors;
  required?: boolean;
}): SafeHtml {
  const problems = o.errors?.[o.name] ?? [];
  const checked = new Set(o.chosen);
  const ordered = [
    ...o.chosen.flatMap((id) => o.enterprises.filter((e) => e.id === id)),
    ...o.enterprises.filter((e) => !checked.has(e.id)),
  ];
  const search = t(o.locale, 'ads.searchEnterprises');
  return html`<fieldset class="enterprise-picker${problems.length ? ' field-invalid' : ''}" id="f-${o.name}"${problems.length ? html` aria-invalid="true" aria-describedby="f-${o.name}-error"` : ''} tabindex="-1">
    <legend>${o.label}${o.required ? ' *' : ''}</legend>
    ${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}
    ${problems.length ? html`<p class="field-error" id="f-${o.name}-error">${problems.join(' ')}</p>` : ''}
    <input type="search" class="picker-search" placeholder="${search}" aria-label="${search}" aria-controls="${o.name}-options" hidden>
    <ul class="picker-options" id="${o.name}-options">${ordered.map(
      (e) =>
        html`<li><label><input type="checkbox" name="${o.name}" value="${e.id}"${checked.has(e.id) ? html` checked` : ''}> ${e.name}</label></li>`,
    )}</ul>
    <p class="muted picker-empty" hidden>${t(o.locale, 'ads.noEnterpriseMatch')}</p>
  </fieldset>`;
}
