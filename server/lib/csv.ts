/**
 * CSV for every export (RFC 4180): comma-separated, CRLF line ends, a field quoted when it
 * holds a comma, a quote, CR or LF, quotes doubled inside. Text a spreadsheet would run as a
 * formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`
 * (OWASP, "CSV injection"), so opening an export never runs what a user typed into a caption
 * or a name. Numbers stay numbers: a negative figure is written as -12, not '-12.
 */

/** A cell: text, a finite number, a boolean, a date (ISO 8601, UTC), or empty. */
export type CsvCell = string | number | boolean | Date | null | undefined;

export interface CsvOptions {
  /** Starts the text with a UTF-8 byte order mark, which Excel needs to read accents right. */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Text of a cell as a spreadsheet will read it: formulas neutralised, nothing else changed. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
  return neutraliseCell(cell);
}

/** One field, quoted when needed. */
export function csvField(cell: CsvCell): string {
  const text = cellText(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, without its line end. */
export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** A whole file: each record ends with CRLF; the BOM first when asked. */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const body = rows.map((row) => `${csvRow(row)}\r\n`).join('');
  return options.bom ? `\uFEFF${body}` : body;
}
