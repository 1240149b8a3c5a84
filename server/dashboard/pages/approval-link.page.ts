import { type Request, type Response, Router } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import type { Ad } from '../../modules/ads/ad.service.js';
import {
  ApprovalLinkError,
  decideByLink,
  type LinkedAd,
  readApprovalLink,
} from '../../modules/approvals/approval.service.js';
import { getCampaign } from '../../modules/campaigns/campaign.service.js';
import { systemUser } from '../../modules/users/user.service.js';
import { type Locale, localeOf, type MessageKey, t } from '../i18n/index.js';
import { csrfField, type FieldErrors, fieldErrors, sendPage, textareaField } from '../layout.js';

function adSummary(locale: Locale, ad: Ad): SafeHtml {
  // Thumbnails are inline data URLs: the visitor has no session to read media with.
  const images = ad.renders.filter((r) => r.thumbnailUrl);
  return html`${images.length > 0 ? html`<div class="ad-renders">${images.map((r) => html`<figure class="ad-render"><img src="${r.thumbnailUrl}" alt="${t(locale, 'ads.preview')} ${r.format}"><figcaption>${r.format}</figcaption></figure>`)}</div>` : ''}
    <h2>${t(locale, 'approve.caption')}</h2><p class="post-caption">${ad.caption.default}</p>
    ${ad.link ? html`<p><a href="${ad.link}" rel="noopener noreferrer">${ad.link}</a></p>` : ''}`;
}

async function decisionPage(
  req: Request,
  res: Response,
  token: string,
  linked: LinkedAd,
  errors?: FieldErrors,
) {
  const locale = localeOf(req);
  const campaign = await getCampaign(systemUser, linked.ad.campaignId).catch(() => undefined);
  const body = html`<section class="card narrow">
    <h1>${t(locale, 'approve.title')}</h1>
    <p>${t(locale, 'approve.intro', { campaign: campaign?.name ?? '—', enterprise: linked.enterpriseName })}</p>
    ${adSummary(locale, linked.ad)}
    <form method="post" action="/approve?lang=${locale}" class="stack">${csrfField(req)}
      <input type="hidden" name="t" value="${token}">
      ${textareaField({ name: 'comment', label: t(locale, 'approval.comment'), hint: t(locale, 'approval.commentHint'), value: String(req.body?.comment ?? ''), errors, rows: 4 })}
      <p class="actions"><button type="submit" name="decision" value="approved" class="button primary">${t(locale, 'approval.approve')}</button>
        <button type="submit" name="decision" value="changes_requested" class="button">${t(locale, 'approval.requestChanges')}</button></p>
    </form></section>`;
  sendPage(req, res, { title: t(locale, 'approve.title'), body }, errors ? 400 : 200);
}

function message(req: Request, res: Response, title: MessageKey, text: MessageKey, status: number) {
  const locale = localeOf(req);
  const body = html`<section class="card narrow"><h1>${t(locale, title)}</h1><p role="${status >= 400 ? 'alert' : 'status'}">${t(locale, text)}</p></section>`;
  sendPage(req, res, { title: t(locale, title), body }, status);
}

function linkProblem(req: Request, res: Response, err: unknown): boolean {
  if (!(err instanceof ApprovalLinkError)) return false;
  message(req, res, 'approve.errorTitle', `approve.error.${err.reason}`, err.status);
  return true;
}

/**
 * /approve?t=<token>: a featured enterprise's contact approves or asks for changes without an
 * account. The token rides in the query string (the request log drops query strings) and in
 * the form's body. Pages are in the visitor's language, French by default.
 */
export function approvalLinkPages(): Router {
  const router = Router();
  router.get('/approve', async (req, res) => {
    const token = String(req.query.t ?? '');
    try {
      await decisionPage(req, res, token, await readApprovalLink(token));
    } catch (err) {
      if (!linkProblem(req, res, err)) throw err;
    }
  });

  router.post('/approve', async (req, res) => {
    const token = String(req.body?.t ?? '');
    const input = { decision: req.body?.decision, comment: String(req.body?.comment ?? '') };
    try {
      await decideByLink(token, input);
      const thanks = input.decision === 'approved' ? 'approve.thanksApproved' : 'approve.thanksChanges';
      message(req, res, 'approve.title', thanks, 200);
    } catch (err) {
      if (linkProblem(req, res, err)) return;
      const errors = fieldErrors(err, localeOf(req));
      if (!errors) throw err;
      await decisionPage(req, res, token, await readApprovalLink(token), errors);
    }
  });
  return router;
}
