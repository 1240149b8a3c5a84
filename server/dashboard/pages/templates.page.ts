import { type Request, Router } from 'express';
import { z } from 'zod';
import { html, type SafeHtml } from '../../lib/html.js';
import { parseInput } from '../../lib/validate.js';
import { requireRole } from '../../modules/auth/auth.middleware.js';
import { demoDesign } from '../../modules/rendering/demo-assets.js';
import { renderDesign } from '../../modules/rendering/renderer.js';
import {
  getTemplateSummary,
  listTemplateSummaries,
  renderPreview,
  type TemplateSummary,
} from '../../modules/rendering/rendering.service.js';
import { loadTemplate } from '../../modules/rendering/template.loader.js';
import { type Locale, localeOf } from '../i18n/index.js';
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
   * Inside the ad editor's own form: inputs named `fields.<name>`, no form of their own, and
   * the figure shows `preview` (the editor's form posts to its preview endpoint).
   */
  embedded?: { preview: SafeHtml };
}

/** The template's fields, generated from its manifest (image fields are chosen elsewhere). */
function fieldInputs(
  locale: Locale,
  t: TemplateSummary,
  values: Record<string, string>,
  options: PreviewPanelOptions,
) {
  return t.fields.map((f) => {
    if (f.type === 'image') return html``;
    const name = options.embedded ? `fields.${f.name}` : f.name;
    const id = `f-${name}`;
    const problems = options.errors?.[`fields.${f.name}`] ?? [];
    const aria = problems.length ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
    const input =
      f.type === 'multiline'
        ? html`<textarea id="${id}" name="${name}" maxlength="${f.maxLength}" rows="3"${aria}>${values[f.name] ?? ''}</textarea>`
        : html`<input id="${id}" name="${name}" maxlength="${f.maxLength}" value="${values[f.name] ?? ''}"${aria}>`;
    const error = problems.length
      ? html`<p class="field-error" id="${id}-error">${problems.join(' ')}</p>`
      : '';
    return html`<div class="field${problems.length ? ' field-invalid' : ''}"><label for="${id}">${f.label[locale]}${f.required ? ' *' : ''}</label> ${input}${error}</div>`;
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
    return html`<div class="template-fields">${formatSelect}${fieldInputs(locale, t, values, options)}</div>
      <figure id="ad-preview" aria-live="polite">${options.embedded.preview}</figure>`;
  }
  return html`<form class="template-editor" method="get" action="/templates/${t.id}"
      hx-get="/templates/${t.id}/preview-fragment" hx-trigger="input changed delay:250ms, change" hx-target="#template-preview">
    ${enterpriseId ? html`<input type="hidden" name="enterpriseId" value="${enterpriseId}">` : ''}
    ${formatSelect}
    ${fieldInputs(locale, t, values, options)}
    <noscript><button type="submit">${w.refresh}</button></noscript>
  </form>
  <figure id="template-preview">${previewImage(t.id, query, w.preview)}</figure>`;
}

function previewImage(templateId: string, query: Record<string, string>, alt: string): SafeHtml {
  return html`<img src="${previewUrl(templateId, query)}" alt="${alt}" style="max-width:100%;height:auto">`;
}

function gallery(locale: Locale, templates: TemplateSummary[]): SafeHtml {
  const w = words[locale];
  const cards = templates.map(
    (t) => html`<article class="card">
      <h2>${t.label[locale]}</h2><p>${t.description[locale]}</p>
      <div class="template-samples">${t.formats.map(
        (f) =>
          html`<img loading="lazy" src="/templates/${t.id}/sample/${f.id}.jpg?lang=${locale}" alt="${t.label[locale]} — ${f.label[locale]}" width="${Math.round(f.width / 4)}">`,
      )}</div>
      <a href="/templates/${t.id}">${w.edit}</a>
    </article>`,
  );
  return html`<h1>${w.gallery}</h1><div class="template-gallery">${cards}</div>`;
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

templatesPagesRouter.get('/templates/:id/sample/:format.jpg', async (req, res) => {
  const template = await loadTemplate(String(req.params.id));
  const lang = req.query.lang === 'en' ? 'en' : 'fr';
  const image = await renderDesign(await demoDesign(template.manifest, String(req.params.format), lang));
  res
    .set({ 'Content-Type': image.mime, ETag: `"${image.hash}"`, 'Cache-Control': 'private, max-age=86400' })
    .send(image.data);
});
