import { type Request, type Response, Router } from 'express';
import { ValidationError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import {
  type CsvImportResult,
  type CsvRejection,
  sampleCsv,
} from '../../modules/enterprises/enterprise.service.js';
import { importEnterprises } from '../../use-cases/import-enterprises.js';
import { requireStaff } from '../guards.js';
import { type Locale, localeOf, t } from '../i18n/index.js';
import { translateProblem } from '../i18n/problems.js';
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

/** One rejected cell in the user's language: where, what was written, what is accepted, the nearest value. */
function rejectionText(locale: Locale, r: CsvRejection): string {
  const where = t(locale, 'enterprises.importAt', { line: r.line, column: r.column ?? r.field });
  const duplicate = /^is already used on line (\d+)$/.exec(r.message);
  let what: string;
  if (duplicate && r.value)
    what = t(locale, 'enterprises.importDuplicate', { value: r.value, earlier: duplicate[1]! });
  else if (r.field === 'brandColor')
    what =
      r.suggestion && r.value
        ? t(locale, 'enterprises.importColour', { value: r.value, suggestion: r.suggestion })
        : r.value
          ? t(locale, 'enterprises.importColourUnknown', { value: r.value })
          : t(locale, 'enterprises.importColourForm');
  else if (r.accepted && r.value)
    what = [
      t(locale, 'enterprises.importNotAccepted', { value: r.value }),
      r.suggestion ? t(locale, 'enterprises.importSuggestion', { suggestion: r.suggestion }) : '',
      t(locale, 'enterprises.importAccepted', { values: r.accepted.join(', ') }),
    ]
      .filter(Boolean)
      .join(' ');
  else what = translateProblem(locale, r.message);
  return `${where}${locale === 'fr' ? ' : ' : ': '}${what}`;
}

function resultSection(locale: Locale, result: CsvImportResult): SafeHtml {
  const summary = t(locale, 'enterprises.importDone', {
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    rejected: new Set(result.rejected.map((r) => r.line)).size,
  });
  const rows = result.rows.map(
    (r) =>
      html`<tr><td>${r.line}</td><td class="import-name">${r.name}</td><td>${t(locale, `enterprises.importOutcome.${r.outcome}`)}</td></tr>`,
  );
  return html`<section class="card import-result" aria-labelledby="import-result">
    <h2 id="import-result" role="status">${summary}</h2>
    ${
      result.rows.length > 0
        ? html`<div class="table-wrap"><table><thead><tr><th scope="col">${t(locale, 'enterprises.importRow')}</th>
        <th scope="col">${t(locale, 'enterprises.importEnterprise')}</th><th scope="col">${t(locale, 'enterprises.importOutcome')}</th></tr></thead>
        <tbody>${rows}</tbody></table></div>`
        : ''
    }
    ${
      result.rejected.length > 0
        ? html`<h3>${t(locale, 'enterprises.importRejected')}</h3>
        <ul class="import-problems">${result.rejected.map((r) => html`<li>${rejectionText(locale, r)}</li>`)}</ul>`
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
    <p>${t(locale, 'enterprises.importIntro')} ${t(locale, 'enterprises.importIntroMatch')}</p>
    <p><a href="/enterprises/import/sample.csv" download>${t(locale, 'enterprises.importSample')}</a></p>
    ${errorSummary(locale, state.errors, { file: t(locale, 'enterprises.importFile') })}
    ${state.result ? resultSection(locale, state.result) : ''}
    <form method="post" action="/enterprises/import" enctype="multipart/form-data" class="form card" hx-boost="true" novalidate>
      ${csrfField(req)}
      ${formField({ name: 'file', type: 'file', label: t(locale, 'enterprises.importFile'), accept: '.csv,text/csv', required: true, errors: state.errors })}
      <div class="form-actions"><button type="submit" class="button primary">${t(locale, 'enterprises.importSubmit')}</button></div>
    </form>`;
  sendPage(req, res, { title, active: 'enterprises', body }, state.errors ? 400 : 200);
}

const requiredColumns = ['name', 'legalForm', 'territory', 'sector'] as const;

/** The required columns a refused file lacks, from the service's problems. */
function missingColumns(err: ValidationError) {
  const problems = (err.details ?? []) as { field: string; message: string }[];
  return requiredColumns.filter((c) =>
    problems.some((p) => p.field === c && p.message === 'column is missing'),
  );
}

/**
 * CSV import: each row's outcome (created, updated, unchanged) and each rejected cell with its
 * line, column, the accepted values and the nearest one; a sample file. Staff only.
 */
export function importPages(): Router {
  const router = Router();
  router.use((req, _res, next) => {
    requireStaff(req);
    next();
  });
  router.get('/', (req, res) => renderImport(req, res));
  router.get('/sample.csv', (_req, res) => {
    res.type('text/csv; charset=utf-8').attachment('entreprises-modele.csv').send(sampleCsv());
  });
  router.post('/', optionalUpload('file'), async (req, res) => {
    const locale = localeOf(req);
    if (res.locals.uploadError) return renderImport(req, res, { errors: { file: [t(locale, 'error.413')] } });
    if (!req.file || req.file.size === 0)
      return renderImport(req, res, { errors: { file: [t(locale, 'common.required')] } });
    try {
      renderImport(req, res, { result: await importEnterprises(req.user!, req.file.buffer) });
    } catch (err) {
      if (err instanceof ValidationError && missingColumns(err).length > 0) {
        const columns = missingColumns(err).map((c) => t(locale, `enterprises.${c}`));
        return renderImport(req, res, {
          errors: { file: [t(locale, 'enterprises.importMissing', { columns: columns.join(', ') })] },
        });
      }
      const errors = fieldErrors(err, locale);
      if (!errors) throw err;
      renderImport(req, res, { errors: { file: Object.values(errors).flat() } });
    }
  });
  return router;
}
