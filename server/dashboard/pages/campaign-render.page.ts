import { type Request, Router } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { batchProgress } from '../../modules/rendering/render-batches.js';
import { queueCampaignRender } from '../../use-cases/render-campaign.js';
import { idParam, requireStaff } from '../guards.js';
import { type Locale, localeOf, t } from '../i18n/index.js';
import { csrfField } from '../layout.js';

const batchIdPattern = /^[0-9a-f-]{36}$/;

/** The "render all" button of a campaign page, for staff. */
export function renderAllButton(req: Request, locale: Locale, campaignId: string): SafeHtml | '' {
  if (!isStaff(req.user!)) return '';
  return html`<form method="post" action="/campaigns/${campaignId}/render" class="inline-form">${csrfField(req)}
    <button type="submit" class="button">${t(locale, 'campaigns.renderAll')}</button></form>`;
}

/**
 * A batch's progress. While jobs are pending, htmx asks again every second and swaps
 * the block; once done, the answer has no trigger and the polling stops by itself.
 */
async function renderProgress(locale: Locale, campaignId: string, batchId: string): Promise<SafeHtml> {
  const progress = await batchProgress(batchId);
  if (progress.campaignId !== campaignId) throw new NotFoundError('Render batch');
  const done = progress.completed + progress.failed;
  const url = `/campaigns/${campaignId}/render-progress?batch=${batchId}`;
  const polling = progress.done ? '' : html` hx-get="${url}" hx-trigger="every 1s" hx-swap="outerHTML"`;
  return html`<section id="render-progress" class="card" aria-live="polite"${polling}>
    <p>${t(locale, 'campaigns.renderProgress', { done, total: progress.total })}</p>
    <progress max="${progress.total || 1}" value="${done}">${done}/${progress.total}</progress>
    ${progress.failed > 0 ? html`<p class="field-error">${t(locale, 'campaigns.renderFailed', { count: progress.failed })}</p>` : ''}
    ${progress.done ? html`<p>${t(locale, 'campaigns.renderDone')}</p>` : html`<p><a href="/campaigns/${campaignId}?batch=${batchId}">${t(locale, 'campaigns.renderRefresh')}</a></p>`}
  </section>`;
}

/** The progress block of a campaign page reached with ?batch= (after "render all"). */
export async function progressFromQuery(
  req: Request,
  locale: Locale,
  campaignId: string,
): Promise<SafeHtml | ''> {
  const batch = req.query.batch;
  if (!isStaff(req.user!) || typeof batch !== 'string' || !batchIdPattern.test(batch)) return '';
  return renderProgress(locale, campaignId, batch);
}

/** Bulk rendering of a campaign from its page: queue every ad, then follow the progress. */
export function campaignRenderPages(): Router {
  const router = Router();
  router.post('/:id/render', async (req, res) => {
    requireStaff(req);
    const id = idParam(req, 'Campaign');
    const { batchId } = await queueCampaignRender(req.user!, id);
    res.redirect(303, `/campaigns/${id}?batch=${batchId}`);
  });
  router.get('/:id/render-progress', async (req, res) => {
    requireStaff(req);
    const batch = String(req.query.batch ?? '');
    if (!batchIdPattern.test(batch)) throw new NotFoundError('Render batch');
    res.type('html').send(String(await renderProgress(localeOf(req), idParam(req, 'Campaign'), batch)));
  });
  return router;
}
