import { parse } from 'csv-parse/sync';
import { ValidationError } from '../../lib/errors.js';
import { zodProblems } from '../../lib/validate.js';
import { cellKey, choices, columnAliases, requiredColumns, rowToInput } from './csv-columns.js';
import { detectDelimiter, detectLineBreak } from './csv-decode.js';
import { colourSuggestion, nearest } from './csv-suggest.js';
import { type EnterpriseCreateInput, enterpriseCreateSchema } from './enterprise.schemas.js';

/**
 * One refused cell. `message` is English (the API's language); the structured parts let the
 * dashboard say it in the user's language: `column` as written in the file's header, `value`
 * the cell, `accepted` the values the column takes and `suggestion` the nearest one.
 */
export interface CsvRejection {
  line: number;
  field: string;
  message: string;
  column?: string;
  value?: string;
  accepted?: string[];
  suggestion?: string;
}

/** A row that passed validation, with the line it starts on. */
export interface CsvRow {
  line: number;
  data: ReturnType<typeof enterpriseCreateSchema.parse>;
}

type Parsed = { record: string[]; raw: string; info: { lines: number } };
const maxRows = 5000;

function parseText(text: string): Parsed[] {
  const lineBreak = detectLineBreak(text);
  try {
    return parse(text, {
      delimiter: detectDelimiter(text, lineBreak),
      record_delimiter: lineBreak,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as Parsed[];
  } catch (err) {
    throw new ValidationError(`The CSV cannot be read: ${(err as Error).message}`, [
      { field: 'file', message: 'is not valid CSV' },
    ]);
  }
}

function readHeader(header: string[]) {
  const columns = header.map(
    (cell) => Object.entries(columnAliases).find(([, aliases]) => aliases.includes(cellKey(cell)))?.[0],
  );
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new ValidationError(
      `The CSV is missing the column(s) ${missing.join(', ')}.`,
      missing.map((field) => ({ field, message: 'column is missing' })),
    );
  }
  return { columns, ignored: header.filter((cell, i) => !columns[i] && cell.trim() !== '') };
}

/** The line a record starts on: csv-parse counts the line it ends on. */
function startLine(row: Parsed): number {
  const inner = row.raw.replace(/^[\r\n]+/, '').replace(/(\r\n|\r|\n)$/, '');
  return row.info.lines - (inner.match(/\r\n|\r|\n/g)?.length ?? 0);
}

/** Cells naming a value outside a list: the accepted values and the nearest one. */
function choiceRejections(line: number, cells: Record<string, string>, column: (f: string) => string) {
  const rejected: CsvRejection[] = [];
  for (const field of ['legalForm', 'sector', 'territory'] as const) {
    const value = cells[field]?.trim();
    if (!value || choices[field].byKey.has(cellKey(value))) continue;
    const { accepted, spellings } = choices[field];
    const suggestion = nearest(value, accepted, spellings);
    rejected.push({
      line,
      field,
      column: column(field),
      value,
      accepted,
      ...(suggestion ? { suggestion } : {}),
      message: `"${value}" is not an accepted value${suggestion ? `; did you mean "${suggestion}"?` : ''} Accepted: ${accepted.join(', ')}`,
    });
  }
  return rejected;
}

/**
 * Reads a decoded CSV: the header (a missing required column refuses the file whole, 400),
 * then each row validated; a row with any problem is rejected whole, each problem naming its
 * line, column and, for list columns and colours, the accepted values and the nearest one.
 */
export function readCsvRows(text: string) {
  const [header, ...records] = parseText(text);
  if (!header) throw new ValidationError('The CSV file is empty.', [{ field: 'file', message: 'is empty' }]);
  if (records.length > maxRows)
    throw new ValidationError(`The CSV has more than ${maxRows} rows.`, [
      { field: 'file', message: `has more than ${maxRows} rows` },
    ]);
  const { columns, ignored } = readHeader(header.record);
  const column = (field: string) => header.record[columns.indexOf(field)] ?? field;
  const rejected: CsvRejection[] = [];
  const valid: CsvRow[] = [];
  for (const row of records) {
    const line = startLine(row);
    const cells = Object.fromEntries(columns.flatMap((c, i) => (c ? [[c, row.record[i] ?? '']] : [])));
    const choiceProblems = choiceRejections(line, cells, column);
    const result = enterpriseCreateSchema.safeParse(rowToInput(cells) as EnterpriseCreateInput);
    const problems = result.success ? [] : zodProblems(result.error);
    const others = problems
      .filter((p) => !choiceProblems.some((c) => c.field === p.field))
      .map((p): CsvRejection => {
        const field = p.field.split('.')[0] ?? p.field;
        const value = cells[field]?.trim();
        const suggestion = field === 'brandColor' && value ? colourSuggestion(value) : undefined;
        return {
          line,
          ...p,
          column: column(field),
          ...(value ? { value } : {}),
          ...(field === 'brandColor' ? { accepted: ['#RRGGBB'] } : {}),
          ...(suggestion ? { suggestion } : {}),
        };
      });
    rejected.push(...choiceProblems, ...others);
    if (result.success && choiceProblems.length === 0) valid.push({ line, data: result.data });
  }
  return { valid, rejected, ignored };
}
