import { type Request, type Response, Router } from 'express';
import { html } from '../../lib/html.js';
import { sendReportFile } from '../../modules/reports/report.routes.js';
import { readSharedReport, ShareLinkError } from '../../modules/reports/report-share.js';
import { formatDateTime, localeOf, t } from '../i18n/index.js';
import { sendPage } from '../layout.js';
import { reportView } from './report-view.js';

function linkProblem(req: Request, res: Response, err: unknown): boolean {
  if (!(err instanceof ShareLinkError)) return false;
  const locale = localeOf(req);
  const body = html`<section class="card narrow"><h1>${t(locale, 'reports.shareErrorTitle')}</h1>
    <p role="alert">${t(locale, `reports.shareError.${err.reason}`)}</p></section>`;
  sendPage(req, res, { title: t(locale, 'reports.shareErrorTitle'), body }, err.status);
  return true;
}

/**
 * /share/reports/:token: a report for someone without an account (a funder), with its PDF
 * and CSV, in the visitor's language. The token names one report and is signed: an altered
 * or expired link gets a clear error page (403 or 410), never another report.
 */
export function reportSharePages(): Router {
  const router = Router();
  router.use('/share/reports', (_req, res, next) => {
    // A link for one reader: search engines keep out, and the token never leaves as a referrer.
    res.set({ 'X-Robots-Tag': 'noindex, nofollow', 'Referrer-Policy': 'no-referrer' });
    next();
  });

  router.get('/share/reports/:token', async (req, res) => {
    const locale = localeOf(req);
    try {
      const report = await readSharedReport(req.params.token);
      const base = `/share/reports/${encodeURIComponent(req.params.token)}`;
      const actions = html`<a class="button" href="${base}/pdf?lang=${locale}">${t(locale, 'reports.pdf')}</a>
        <a class="button" href="${base}/csv?lang=${locale}">${t(locale, 'reports.csv')}</a>`;
      const body = html`<p class="hint no-print">${t(locale, 'reports.sharedUntil', { date: formatDateTime(locale, report.linkExpiresAt) })}</p>
        ${await reportView(locale, report, actions, false)}`;
      sendPage(req, res, { title: `${report.scopeName} ${report.month}`, body });
    } catch (err) {
      if (!linkProblem(req, res, err)) throw err;
    }
  });

  router.get('/share/reports/:token/:format', async (req, res, next) => {
    const format = req.params.format;
    if (format !== 'pdf' && format !== 'csv') return next();
    try {
      const report = await readSharedReport(req.params.token);
      await sendReportFile(res, report, format, localeOf(req));
    } catch (err) {
      if (!linkProblem(req, res, err)) throw err;
    }
  });
  return router;
}
