import { type Request, type Response, Router } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff } from '../access/access.policy.js';
import type { Locale } from '../users/user.model.js';
import { langSchema, shareSchema } from './report.schemas.js';
import { getReport, listReports, type Report } from './report.service.js';
import { buildAndDeliver } from './report-build.js';
import { reportCsv } from './report-csv.js';
import { reportFileName } from './report-delivery.js';
import { reportPdf } from './report-pdf.js';
import { createShareLink } from './report-share.js';

/**
 * /api/v1/reports: the frozen monthly reports. Staff read all, build a month (a new version
 * with `rebuild`) and make share links; a member reads its own enterprise's reports only.
 */
export const reportRouter = Router();

/** The reader's language: `?lang=`, else the user's. */
export function readerLocale(req: Request, fallback: Locale): Locale {
  return req.query.lang === undefined ? fallback : parseInput(langSchema, req.query.lang, 'lang');
}

/** Sends a report's PDF or CSV as a download in the reader's language. */
export async function sendReportFile(res: Response, report: Report, format: 'pdf' | 'csv', locale: Locale) {
  const body = format === 'pdf' ? await reportPdf(report, locale) : reportCsv(report, locale);
  res
    .type(format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8')
    .attachment(reportFileName(report, format))
    .send(body);
}

reportRouter.get('/', async (req, res) => {
  res.json({ data: await listReports(req.user!, req.query as Record<string, string>) });
});

/**
 * `{ month, rebuild?, resend?, scope? }`: builds now and emails the new first versions (a
 * rebuild's new versions only with `resend`); 201 with what was built. A month before 2000-01
 * or not yet ended in the hub's time zone is a 400 naming `month`.
 */
reportRouter.post('/build', async (req, res) => {
  if (!isStaff(req.user!)) throw new NotFoundError();
  const result = await buildAndDeliver(req.body, req.user!.id);
  res.status(201).json({
    month: result.month,
    built: result.built.map((r) => ({ id: r.id, scopeKey: r.scopeKey, version: r.version })),
    skipped: result.skipped,
  });
});

reportRouter.get('/:id', async (req, res) => {
  res.json(await getReport(req.user!, req.params.id));
});

reportRouter.get('/:id/pdf', async (req, res) => {
  const report = await getReport(req.user!, req.params.id);
  await sendReportFile(res, report, 'pdf', readerLocale(req, req.user!.locale));
});

reportRouter.get('/:id/csv', async (req, res) => {
  const report = await getReport(req.user!, req.params.id);
  await sendReportFile(res, report, 'csv', readerLocale(req, req.user!.locale));
});

/** `{ days? }`: a signed link for someone without an account; 201 `{ url, token, expiresAt }`. */
reportRouter.post('/:id/share', async (req, res) => {
  if (!isStaff(req.user!)) throw new NotFoundError('Report');
  const { days } = parseInput(shareSchema, req.body ?? {}, 'Share link');
  res.status(201).json(await createShareLink(req.user!, req.params.id, days));
});
