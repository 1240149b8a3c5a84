import { type Request, type Response, Router } from 'express';
import { config } from '../../config/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { buildSchema, monthSchema, SHARE_MAX_DAYS } from '../../modules/reports/report.schemas.js';
import {
  getReport,
  listReports,
  type Report,
  type ReportSummary,
} from '../../modules/reports/report.service.js';
import { monthDays } from '../../modules/reports/report-build.js';
import { queueReportBuild } from '../../modules/reports/report-jobs.js';
import { createShareLink, type ShareLink } from '../../modules/reports/report-share.js';
import { ofMonth } from '../../modules/reports/report-texts.js';
import { formatDate, formatDateTime, formatNumber, type Locale, localeOf, t } from '../i18n/index.js';
import {
  checkboxField,
  csrfField,
  errorSummary,
  type FieldErrors,
  fieldErrors,
  flash,
  formField,
  pageHead,
  sendPage,
} from '../layout.js';
import { monthLabel, reportView } from './report-view.js';

const monthInput = (locale: Locale, value: string, errors?: FieldErrors, required = false) =>
  formField({
    name: 'month',
    type: 'month' as 'text',
    label: t(locale, 'reports.month'),
    value,
    errors,
    required,
    pattern: '\\d{4}-\\d{2}',
    placeholder: 'AAAA-MM',
  });

function downloads(locale: Locale, base: string): SafeHtml {
  return html`<a class="button" href="${base}/pdf?lang=${locale}">${t(locale, 'reports.pdf')}</a>
    <a class="button" href="${base}/csv?lang=${locale}">${t(locale, 'reports.csv')}</a>`;
}

function row(locale: Locale, r: ReportSummary): SafeHtml {
  const api = `/api/v1/reports/${r.id}`;
  return html`<tr><td>${monthLabel(locale, r.month)}</td>
    <td><a href="/reports/${r.id}">${r.scopeKey === 'hub' ? `${t(locale, 'reports.hub')} — ${r.scopeName}` : r.scopeName}</a></td>
    <td>${r.version}</td><td>${formatDate(locale, r.builtAt)}</td>
    <td>${r.empty ? html`<span class="muted">${t(locale, `reports.empty.${r.empty}`)}</span>` : formatNumber(locale, r.totals.posts)}</td>
    <td>${formatNumber(locale, r.totals.views)}</td>
    <td class="actions">${downloads(locale, api)}</td></tr>`;
}

function buildForm(req: Request, locale: Locale, errors?: FieldErrors): SafeHtml {
  const month = errors ? String(req.body?.month ?? '') : '';
  return html`<section class="card"><h2>${t(locale, 'reports.build')}</h2><p class="hint">${t(locale, 'reports.buildHint')}</p>
    ${errorSummary(locale, errors, { month: t(locale, 'reports.month') })}
    <form method="post" action="/reports/build" class="stack">${csrfField(req)}
      ${monthInput(locale, month, errors, true)}
      ${checkboxField({ name: 'rebuild', label: t(locale, 'reports.rebuild'), checked: false })}
      ${checkboxField({ name: 'resend', label: t(locale, 'reports.resend'), checked: false })}
      <p><button type="submit" class="button primary">${t(locale, 'reports.buildSubmit')}</button></p></form></section>`;
}

/**
 * The list, filtered by `?month=` when it is a real month; a malformed one lists every report
 * and names the field (400), as the exposure page does.
 */
async function listPage(req: Request, res: Response, errors?: FieldErrors) {
  const locale = localeOf(req);
  const asked = typeof req.query.month === 'string' ? req.query.month.trim() : '';
  let month: string | undefined;
  let filterErrors: FieldErrors | undefined;
  try {
    month = asked === '' ? undefined : parseInput(monthSchema, asked, 'month');
  } catch (err) {
    filterErrors = fieldErrors(err, locale, () => 'month');
    if (!filterErrors) throw err;
  }
  const reports = await listReports(req.user!, month ? { month } : {});
  const table =
    reports.length === 0
      ? html`<p class="muted">${t(locale, 'reports.none')}</p>`
      : html`<div class="table-wrap"><table class="report-list"><thead><tr><th>${t(locale, 'reports.month')}</th><th>${t(locale, 'reports.scope')}</th>
          <th>${t(locale, 'reports.version')}</th><th>${t(locale, 'reports.builtAt')}</th><th>${t(locale, 'reports.posts')}</th>
          <th>${t(locale, 'reports.views')}</th><th>${t(locale, 'reports.download')}</th></tr></thead>
          <tbody>${reports.map((r) => row(locale, r))}</tbody></table></div>`;
  const body = html`${pageHead(t(locale, 'reports.title'))}<p class="hint">${t(locale, 'reports.intro')}</p>
    ${errorSummary(locale, filterErrors, { month: t(locale, 'reports.month') })}
    <form method="get" action="/reports" class="filters">${monthInput(locale, filterErrors ? asked : (month ?? ''), filterErrors)}
      <button type="submit" class="button">${t(locale, 'reports.filter')}</button></form>
    ${isStaff(req.user!) ? buildForm(req, locale, errors) : ''}
    <section class="card">${table}</section>`;
  sendPage(
    req,
    res,
    { title: t(locale, 'reports.title'), active: 'reports', body },
    errors || filterErrors ? 400 : 200,
  );
}

function shareForm(
  req: Request,
  locale: Locale,
  report: Report,
  link?: ShareLink,
  errors?: FieldErrors,
): SafeHtml {
  const made = link
    ? html`<p role="status">${t(locale, 'reports.shareCreated', { date: formatDateTime(locale, link.expiresAt) })}</p>
        <p class="share-link"><a href="${link.url}">${link.url}</a></p>`
    : '';
  return html`<section class="card no-print"><h2>${t(locale, 'reports.share')}</h2><p class="hint">${t(locale, 'reports.shareHint')}</p>${made}
    ${errorSummary(locale, errors, { days: t(locale, 'reports.shareDays') })}
    <form method="post" action="/reports/${report.id}/share" class="stack">${csrfField(req)}
      ${formField({ name: 'days', type: 'number', label: t(locale, 'reports.shareDays'), value: errors ? String(req.body?.days ?? '') : config().REPORT_LINK_DAYS, errors, required: true, hint: t(locale, 'reports.shareDaysHint', { max: SHARE_MAX_DAYS }) })}
      <p><button type="submit" class="button">${t(locale, 'reports.shareSubmit')}</button></p></form></section>`;
}

async function reportPage(req: Request, res: Response, link?: ShareLink, errors?: FieldErrors) {
  const locale = localeOf(req);
  const report = await getReport(req.user!, String(req.params.id));
  const body = html`${await reportView(locale, report, downloads(locale, `/api/v1/reports/${report.id}`), true)}
    ${isStaff(req.user!) ? shareForm(req, locale, report, link, errors) : ''}`;
  sendPage(
    req,
    res,
    { title: `${report.scopeName} ${report.month}`, active: 'reports', body },
    errors ? 400 : link ? 201 : 200,
  );
}

/** /reports: the list (a member's own only), a report's page, on-demand builds and share links (staff). */
export function reportsPages(): Router {
  const router = Router();
  router.get('/reports', (req, res) => listPage(req, res));

  router.post('/reports/build', async (req, res) => {
    if (!isStaff(req.user!)) throw new NotFoundError();
    try {
      const input = parseInput(
        buildSchema,
        {
          month: String(req.body?.month ?? ''),
          rebuild: req.body?.rebuild === 'true',
          resend: req.body?.resend === 'true',
        },
        'Build',
      );
      monthDays(input.month);
      await queueReportBuild(input, req.user!.id);
      flash(
        req,
        'success',
        t(localeOf(req), 'reports.queued', { ofMonth: ofMonth(localeOf(req), input.month) }),
      );
      res.redirect(303, '/reports');
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req));
      if (!errors) throw err;
      await listPage(req, res, errors);
    }
  });

  router.get('/reports/:id', (req, res) => reportPage(req, res));

  router.post('/reports/:id/share', async (req, res) => {
    if (!isStaff(req.user!)) throw new NotFoundError('Report');
    const raw = String(req.body?.days ?? '').trim();
    try {
      const link = await createShareLink(req.user!, String(req.params.id), raw === '' ? undefined : raw);
      await reportPage(req, res, link);
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req));
      if (!errors) throw err;
      await reportPage(req, res, undefined, errors);
    }
  });
  return router;
}
