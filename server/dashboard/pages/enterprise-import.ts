import { type Request, type Response, Router } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import { csrfToken } from '../../modules/auth/auth.middleware.js';
import { type CsvImportResult, importEnterprisesCsv } from '../../modules/enterprises/enterprise.csv.js';
import { requireStaff } from '../guards.js';
import { type Locale, localeOf, t } from '../i18n/index.js';
import {
  csrfField,
  errorSummary,
  type FieldErrors,
  fieldErrors,
  formField,
  pageHead,
  sendPage,
} from '../layout.js';
import { optionalUpload } from '../upload.js';

function resultTable(locale: Locale, result: CsvImportResult): SafeHtml {
  const summary = t(locale, 'enterprises.importDone', {
    created: result.created,
    rejected: new Set(result.rejected.map((r) => r.line)).size,
  });
  const rows = result.rejected.map(
    (r) => html`<tr><td>${r.line}</td><td><code>${r.field}</code></td><td>${r.message}</td></tr>`,
  );
  return html`<section class="card" aria-labelledby="import-result">
    <h2 id="import-result" role="status">${summary}</h2>
    ${
      result.rejected.length > 0
        ? html`<div class="table-wrap"><table><thead><tr><th scope="col">${t(locale, 'enterprises.importRow')}</th><th scope="col">Champ / field</th>
        <th scope="col">${t(locale, 'enterprises.importProblem')}</th></tr></thead><tbody>${rows}</tbody></table></div>`
        : ''
    }
    <p><a href="/enterprises">${t(locale, 'enterprises.title')} →</a></p>
  </section>`;
}

function renderImport(
  req: Request,
  res: Response,
  state: { errors?: FieldErrors; result?: CsvImportResult } = {},
): void {
  const locale = localeOf(req);
  const title = t(locale, 'enterprises.importTitle');
  const body = html`${pageHead(title)}
    <p>${t(locale, 'enterprises.importIntro')}</p>
    ${errorSummary(locale, state.errors, { file: t(locale, 'enterprises.importFile') })}
    ${state.result ? resultTable(locale, state.result) : ''}
    <form method="post" action="/enterprises/import?_csrf=${csrfToken(req)}" enctype="multipart/form-data" class="form card" hx-boost="true" novalidate>
      ${csrfField(req)}
      ${formField({ name: 'file', type: 'file', label: t(locale, 'enterprises.importFile'), accept: '.csv,text/csv', required: true, errors: state.errors })}
      <div class="form-actions"><button type="submit" class="button primary">${t(locale, 'enterprises.importSubmit')}</button></div>
    </form>`;
  sendPage(req, res, { title, active: 'enterprises', body }, state.errors ? 400 : 200);
}

/** CSV import: each rejected row is listed with its line, field and reason. Staff only. */
export function importPages(): Router {
  const router = Router();
  router.use((req, _res, next) => {
    requireStaff(req);
    next();
  });
  router.get('/', (req, res) => renderImport(req, res));
  router.post('/', optionalUpload('file'), async (req, res) => {
    const locale = localeOf(req);
    if (res.locals.uploadError) return renderImport(req, res, { errors: { file: [t(locale, 'error.413')] } });
    if (!req.file || req.file.size === 0)
      return renderImport(req, res, { errors: { file: [t(locale, 'common.required')] } });
    try {
      renderImport(req, res, { result: await importEnterprisesCsv(req.user!, req.file.buffer) });
    } catch (err) {
      const errors = fieldErrors(err, locale);
      if (!errors) throw err;
      renderImport(req, res, { errors: { file: Object.values(errors).flat() } });
    }
  });
  return router;
}
