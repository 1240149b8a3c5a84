import { type Request, type Response, Router } from 'express';
import { AppError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { createAd, getAd } from '../../modules/ads/ad.service.js';
import { requireRole } from '../../modules/auth/auth.middleware.js';
import { getCampaign, listCampaigns } from '../../modules/campaigns/campaign.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import {
  cachedPreview,
  getTemplateSummary,
  listTemplateSummaries,
  renderPreview,
} from '../../modules/rendering/rendering.service.js';
import { editAd } from '../../use-cases/edit-ad.js';
import { localeOf, t } from '../i18n/index.js';
import { type FieldErrors, fieldErrors, flash, sendPage } from '../layout.js';
import {
  type AdFormValues,
  adForm,
  inputFromValues,
  photoPickerBox,
  valuesFromAd,
  valuesFromBody,
} from './ad-editor.form.js';
import { liveCounters } from './ad-schedule.js';

const idPattern = /^[a-f0-9]{24}$/;

/** Service paths to form fields: template fields keep their path, captions have their own inputs. */
function fieldOf(path: string): string {
  if (path.startsWith('fields.')) return path.split('.').slice(0, 2).join('.');
  if (path === 'caption.facebook') return 'captionFacebook';
  if (path === 'caption.linkedin') return 'captionLinkedin';
  return path.split('.')[0] || '(body)';
}

/** The live preview as the editor shows it: an image served from the preview cache by its hash. */
export async function previewFigure(req: Request, v: AdFormValues): Promise<SafeHtml> {
  const locale = localeOf(req);
  if (!v.templateId) return html``;
  try {
    const image = await renderPreview(req.user!, {
      templateId: v.templateId,
      format: v.format,
      fields: v.fields,
      enterpriseIds: v.enterpriseIds.filter((id) => idPattern.test(id)),
      lang: locale,
    });
    const img = html`<img src="/ads/previews/${image.hash}.${image.mime === 'image/png' ? 'png' : 'jpg'}" width="${image.width}" height="${image.height}" alt="${t(locale, 'ads.livePreview')}" class="ad-preview-image">`;
    if (image.cut.length === 0) return img;
    // Texts the fitter had to end with an ellipsis: said before the ad is saved that way.
    const template = await getTemplateSummary(v.templateId);
    const label = (name: string) => template.fields.find((f) => f.name === name)?.label[locale] ?? name;
    return html`${img}<ul class="cut-warnings" role="status">${image.cut.map((name) => html`<li>${t(locale, 'ads.textCut', { field: label(name) })}</li>`)}</ul>`;
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const problems = fieldErrors(err, locale, fieldOf) ?? {};
    return html`<div class="field-error" role="status"><p>${t(locale, 'ads.previewFailed')}</p><ul>${Object.entries(problems).map(([f, m]) => html`<li>${f} : ${m.join(' ')}</li>`)}</ul></div>`;
  }
}

/** The editor for a new ad, or for ad `id`; a form sent back with errors answers 400. */
async function sendEditor(
  req: Request,
  res: Response,
  state: { id?: string; values: AdFormValues; errors?: FieldErrors },
) {
  const locale = localeOf(req);
  const user = req.user!;
  const title = t(locale, state.id ? 'ads.edit' : 'ads.new');
  const action = state.id ? `/ads/${state.id}/edit` : '/ads/new';
  const [campaigns, enterprises, templates, preview] = await Promise.all([
    listCampaigns(user, { limit: 100 }),
    listEnterprises(user, { limit: 100 }),
    listTemplateSummaries(),
    previewFigure(req, state.values),
  ]);
  const template = templates.find((x) => x.id === state.values.templateId);
  const body = html`<link rel="stylesheet" href="/static/ad-editor.css">
    <h1>${title}</h1>
    ${adForm(req, { locale, action, values: state.values, errors: state.errors, campaigns: campaigns.data, enterprises: enterprises.data, templates, template, preview })}`;
  sendPage(req, res, { title, active: 'ads', body }, state.errors ? 400 : 200);
}

/** The ad editor: create and edit forms generated from the template's manifest, with live preview. */
export function adEditorPages(): Router {
  const router = Router();
  router.use(
    ['/new', '/preview', '/previews', '/photo-pickers', '/caption-count', '/:id/edit'],
    requireRole('admin', 'strategist'),
  );

  router.get('/new', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const campaignId = typeof q.campaignId === 'string' && idPattern.test(q.campaignId) ? q.campaignId : '';
    const templateId = typeof q.templateId === 'string' ? q.templateId : 'vitrine-produit';
    const values = valuesFromAd(undefined, { campaignId, templateId });
    // From the template's try-out page: the texts typed there (`<field>=`) and its format come along.
    const template = (await listTemplateSummaries()).find((x) => x.id === templateId);
    for (const f of template?.fields ?? [])
      if (f.type !== 'image' && typeof q[f.name] === 'string') values.fields[f.name] = q[f.name] as string;
    if (typeof q.format === 'string' && template?.formats.some((f) => f.id === q.format))
      values.format = q.format;
    await sendEditor(req, res, { values });
  });

  router.post('/new', async (req, res) => {
    const values = valuesFromBody(req.body as Record<string, unknown>);
    if (switchingTemplate(req)) return sendEditor(req, res, { values: await forTemplate(values) });
    try {
      const ad = await createAd(req.user!, inputFromValues(values));
      flash(req, 'success', t(localeOf(req), 'common.created'));
      res.redirect(303, `/ads/${ad.id}`);
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req), fieldOf);
      if (!errors) throw err;
      await sendEditor(req, res, { values, errors });
    }
  });

  // Each platform's count while captions and link are typed, by the scheduler's own rule.
  router.post('/caption-count', async (req, res) => {
    const values = valuesFromBody(req.body as Record<string, unknown>);
    const campaign = /^[a-f0-9]{24}$/.test(values.campaignId)
      ? await getCampaign(req.user!, values.campaignId).catch((err) => {
          if (err instanceof AppError && err.status === 404) return undefined;
          throw err;
        })
      : undefined;
    res.type('html').send(liveCounters(localeOf(req), values, campaign).toString());
  });

  // The photo pickers again, for the enterprises now checked (the editor posts the form on each tick).
  router.post('/photo-pickers', async (req, res) => {
    const values = valuesFromBody(req.body as Record<string, unknown>);
    const [enterprises, templates] = await Promise.all([
      listEnterprises(req.user!, { limit: 100 }),
      listTemplateSummaries(),
    ]);
    const template = templates.find((x) => x.id === values.templateId);
    res
      .type('html')
      .send(
        photoPickerBox({ locale: localeOf(req), values, template, enterprises: enterprises.data }).toString(),
      );
  });

  router.post('/preview', async (req, res) => {
    const values = valuesFromBody(req.body as Record<string, unknown>);
    res.type('html').send((await previewFigure(req, values)).toString());
  });

  router.get('/previews/:file', async (req, res) => {
    const [hash] = String(req.params.file).split('.');
    const image = /^[a-f0-9]{32}$/.test(hash ?? '') ? await cachedPreview(req.user!, hash!) : undefined;
    if (!image) throw new AppError(404, 'not_found', 'Preview expired.');
    res
      .set({
        'Content-Type': image.mime,
        ETag: `"${image.hash}"`,
        'Cache-Control': 'private, max-age=3600, immutable',
      })
      .send(image.data);
  });

  router.get('/:id/edit', async (req, res) => {
    const ad = await getAd(req.user!, idOf(req));
    const templateId = typeof req.query.templateId === 'string' ? req.query.templateId : undefined;
    const values = valuesFromAd(ad, { templateId });
    await sendEditor(req, res, { id: ad.id, values });
  });

  router.post('/:id/edit', async (req, res) => {
    const id = idOf(req);
    const values = valuesFromBody(req.body as Record<string, unknown>);
    if (switchingTemplate(req)) return sendEditor(req, res, { id, values: await forTemplate(values) });
    try {
      await editAd(req.user!, id, inputFromValues(values));
      flash(req, 'success', t(localeOf(req), 'common.saved'));
      res.redirect(303, `/ads/${id}`);
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req), fieldOf);
      if (!errors) throw err;
      await sendEditor(req, res, { id, values, errors });
    }
  });
  return router;
}

/** The form was sent to show another template's fields (what was typed is kept), not to save. */
function switchingTemplate(req: Request): boolean {
  return (req.body as Record<string, unknown> | undefined)?.intent === 'switch-template';
}

/** The values with only the fields the chosen template has (a field of the previous one would be refused). */
async function forTemplate(values: AdFormValues): Promise<AdFormValues> {
  const templates = await listTemplateSummaries();
  const names = new Set(templates.find((x) => x.id === values.templateId)?.fields.map((f) => f.name) ?? []);
  return {
    ...values,
    fields: Object.fromEntries(Object.entries(values.fields).filter(([k]) => names.has(k))),
  };
}

export function idOf(req: Request): string {
  const id = String(req.params.id);
  if (!idPattern.test(id)) throw new AppError(404, 'not_found', 'Ad not found.');
  return id;
}
