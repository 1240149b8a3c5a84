import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { html, type SafeHtml } from '../../lib/html.js';
import { parseInput } from '../../lib/validate.js';
import { requireRole } from '../../modules/auth/auth.middleware.js';
import {
  getTemplateSummary,
  listTemplateSummaries,
  renderPreview,
  type TemplateSummary,
  templateSample,
} from '../../modules/rendering/rendering.service.js';
import { type Locale, localeOf, t, t as translate } from '../i18n/index.js';
import { type FieldErrors, sendPage } from '../layout.js';

const words = {
  fr: {
    gallery: 'Gabarits',
    preview: 'Aperçu',
    format: 'Format',
    refresh: 'Actualiser l’aperçu',
    edit: 'Essayer',
  },
  en: {
    gallery: 'Templates',
    preview: 'Preview',
    format: 'Format',
    refresh: 'Refresh preview',
    edit: 'Try it',
  },
};

function previewUrl(templateId: string, query: Record<string, string>): string {
  return `/templates/${encodeURIComponent(templateId)}/preview.jpg?${new URLSearchParams(query).toString()}`;
}

export interface PreviewPanelOptions {
  enterpriseId?: string;
  /** Problems by field path ("fields.headline"), shown beside each field. */
  errors?: FieldErrors;
  /**
   * Inside the ad editor's own form: inputs named `fields.<name>`, no form of their own and
   * no figure (the editor shows its preview beside the form).
   */
  embedded?: true;
}

/** "12 / 80", or what is over the limit: a counter beside each template field. */
export function counterText(locale: Locale, length: number, max: number): string {
  const over = length - max;
  return over > 0 ? t(locale, 'ads.counterOver', { length, max, over }) : `${length} / ${max}`;
}

/**
 * The template's fields, generated from its manifest (image fields are chosen elsewhere).
 * Each shows a counter of its characters against the field's limit; nothing cuts what is
 * typed or pasted (a cut text would go unnoticed): the counter warns, and saving refuses.
 */
function fieldInputs(
  locale: Locale,
  tp: TemplateSummary,
  values: Record<string, string>,
  options: PreviewPanelOptions,
) {
  return tp.fields.map((f) => {
    if (f.type === 'image') return html``;
    const name = options.embedded ? `fields.${f.name}` : f.name;
    const id = `f-${name}`;
    const problems = options.errors?.[`fields.${f.name}`] ?? [];
    const value = values[f.name] ?? '';
    const length = [...value].length;
    const described = [`${id}-count`, ...(problems.length ? [`${id}-error`] : [])].join(' ');
    const aria = html` aria-describedby="${described}"${problems.length ? html` aria-invalid="true"` : ''}`;
    const counted = html` data-max="${f.maxLength}" data-over="${t(locale, 'ads.counterOver', { length: '{length}', max: '{max}', over: '{over}' })}"`;
    const input =
      f.type === 'multiline'
        ? html`<textarea id="${id}" name="${name}" rows="3"${counted}${aria}>${value}</textarea>`
        : html`<input id="${id}" name="${name}" value="${value}"${counted}${aria}>`;
    const counter = html`<small class="counter${length > f.maxLength ? ' counter-over' : ''}" id="${id}-count" aria-live="polite">${counterText(locale, length, f.maxLength)}</small>`;
    const error = problems.length
      ? html`<p class="field-error" id="${id}-error">${problems.join(' ')}</p>`
      : '';
    return html`<div class="field${problems.length ? ' field-invalid' : ''}"><label for="${id}">${f.label[locale]}${f.required ? ' *' : ''}</label> ${input}${counter}${error}</div>`;
  });
}

/** The live preview for the ad editor: fields generated from the manifest, image refreshed as the user types (htmx). */
export function adPreviewPanel(
  locale: Locale,
  t: TemplateSummary,
  values: Record<string, string>,
  options: PreviewPanelOptions = {},
): SafeHtml {
  const w = words[locale];
  const { enterpriseId } = options;
  const format = values.format ?? t.formats[0]?.id ?? 'facebook';
  const query = { ...values, format, ...(enterpriseId ? { enterpriseId } : {}) };
  const formats = t.formats.map(
    (f) =>
      html`<option value="${f.id}" ${f.id === format ? 'selected' : ''}>${f.label[locale]} (${f.width}×${f.height})</option>`,
  );
  const formatSelect = html`<div class="field"><label for="f-format">${w.format}</label> <select id="f-format" name="format">${formats}</select></div>`;
  if (options.embedded) {
    // The editor places the preview figure itself, beside the whole form.
    return html`<div class="template-fields">${formatSelect}${fieldInputs(locale, t, values, options)}</div>`;
  }
  return html`<form class="template-editor" method="get" action="/templates/${t.id}"
      hx-get="/templates/${t.id}/preview-fragment" hx-trigger="input changed delay:250ms, change" hx-target="#template-preview">
    ${enterpriseId ? html`<input type="hidden" name="enterpriseId" value="${enterpriseId}">` : ''}
    ${formatSelect}
    ${fieldInputs(locale, t, values, options)}
    <noscript><button type="submit">${w.refresh}</button></noscript>
    <p class="card-actions"><button type="submit" class="button primary" formaction="/ads/new" formmethod="get" name="templateId" value="${t.id}">${translate(locale, 'templates.createAd')}</button></p>
  </form>
  <figure id="template-preview">${previewImage(t.id, query, w.preview)}</figure>`;
}

function previewImage(templateId: string, query: Record<string, string>, alt: string): SafeHtml {
  return html`<img src="${previewUrl(templateId, query)}" alt="${alt}" style="max-width:100%;height:auto">`;
}

/** Every template with a thumbnail per format (drawn once, kept), a try-out page and a new ad from it. */
function gallery(locale: Locale, templates: TemplateSummary[]): SafeHtml {
  const w = words[locale];
  const cards = templates.map(
    (tp) => html`<article class="card">
      <h2>${tp.label[locale]}</h2><p>${tp.description[locale]}</p>
      <div class="template-samples">${tp.formats.map(
        (f) =>
          html`<a href="/templates/${tp.id}/sample/${f.id}.jpg?lang=${locale}"><img loading="lazy" src="/templates/${tp.id}/thumbnail/${f.id}.webp?lang=${locale}" alt="${tp.label[locale]} — ${f.label[locale]}" width="${Math.round(f.width / 4)}" height="${Math.round(f.height / 4)}"></a>`,
      )}</div>
      <p class="card-actions">
        <a class="button primary" href="/ads/new?templateId=${tp.id}">${t(locale, 'templates.createAd')}</a>
        <a class="button" href="/templates/${tp.id}">${w.edit}</a>
      </p>
    </article>`,
  );
  return html`<link rel="stylesheet" href="/static/templates.css"><h1>${w.gallery}</h1><div class="template-gallery">${cards}</div>`;
}

const previewQuery = z.looseObject({
  format: z.string().max(32).default('facebook'),
  enterpriseId: z.string().optional(),
});

function previewInput(req: Request) {
  const query = parseInput(previewQuery, req.query, 'Preview');
  const fields = Object.fromEntries(
    Object.entries(req.query).filter(
      ([k, v]) => typeof v === 'string' && k !== 'format' && k !== 'enterpriseId',
    ),
  ) as Record<string, string>;
  return {
    templateId: String(req.params.id),
    format: query.format,
    fields,
    enterpriseId: query.enterpriseId,
    lang: localeOf(req),
  };
}

/** Template gallery (every template with demo data) and a try-out editor with live preview. */
export const templatesPagesRouter = Router();

templatesPagesRouter.use('/templates', requireRole('admin', 'strategist'));

templatesPagesRouter.get('/templates', async (req, res) => {
  const locale = localeOf(req);
  sendPage(req, res, {
    title: words[locale].gallery,
    body: gallery(locale, await listTemplateSummaries()),
    active: 'templates',
  });
});

templatesPagesRouter.get('/templates/:id', async (req, res) => {
  const locale = localeOf(req);
  const t = await getTemplateSummary(String(req.params.id));
  const demo = Object.fromEntries(
    t.fields.flatMap((f) => (f.type === 'image' ? [] : [[f.name, f.demo[locale]]])),
  );
  const values = { ...demo, ...(req.query as Record<string, string>) };
  sendPage(req, res, {
    title: t.label[locale],
    body: html`<h1>${t.label[locale]}</h1>${adPreviewPanel(locale, t, values)}`,
    active: 'templates',
  });
});

templatesPagesRouter.get('/templates/:id/preview-fragment', (req, res) => {
  const { templateId, format, fields, enterpriseId } = previewInput(req);
  const query = { ...fields, format, ...(enterpriseId ? { enterpriseId } : {}) };
  res.type('html').send(previewImage(templateId, query, words[localeOf(req)].preview).toString());
});

templatesPagesRouter.get('/templates/:id/preview.jpg', async (req, res) => {
  const image = await renderPreview(req.user!, previewInput(req));
  res
    .set({ 'Content-Type': image.mime, ETag: `"${image.hash}"`, 'Cache-Control': 'private, max-age=3600' })
    .send(image.data);
});

/** A sample or its thumbnail, from templateSample: drawn once per template version. */
async function sendSample(req: Request, res: Response, kind: 'image' | 'thumbnail'): Promise<void> {
  const lang = req.query.lang === 'en' ? 'en' : 'fr';
  const sample = await templateSample(String(req.params.id), String(req.params.format), lang);
  const file = kind === 'image' ? sample.image : sample.thumbnail;
  res
    .set({
      'Content-Type': kind === 'image' ? sample.image.mime : 'image/webp',
      ETag: `"${file.hash}"`,
      'Cache-Control': 'private, max-age=86400',
      'X-Cache': sample.cached ? 'hit' : 'miss',
    })
    .send(file.data);
}

templatesPagesRouter.get('/templates/:id/sample/:format.jpg', (req, res) => sendSample(req, res, 'image'));
templatesPagesRouter.get('/templates/:id/thumbnail/:format.webp', (req, res) =>
  sendSample(req, res, 'thumbnail'),
);
