import iconv from 'iconv-lite';
import { UnsupportedMediaError, ValidationError } from '../../lib/errors.js';

/**
 * Turns what Excel saves into text: UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode text"),
 * Windows-1252 ("CSV (séparateur: point-virgule)" on a French Windows) and Mac OS Roman (Excel
 * for old Macs, lines ended by a lone CR): a file that is not valid UTF-8 is read as one of those.
 */
export function decodeCsv(buffer: Buffer, field = 'file'): string {
  if (buffer.length === 0)
    throw new ValidationError('The CSV file is empty.', [{ field, message: 'is empty' }]);
  if (buffer[0] === 0x50 && buffer[1] === 0x4b) {
    throw new UnsupportedMediaError(
      'This is a spreadsheet workbook, not a CSV file: in Excel, save as "CSV UTF-8".',
      [{ field, message: 'is a workbook (xlsx), not CSV' }],
    );
  }
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf)
    return buffer.subarray(3).toString('utf8');
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return iconv.decode(buffer.subarray(2), 'utf16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return iconv.decode(buffer.subarray(2), 'utf16be');
  if (buffer.includes(0)) {
    throw new UnsupportedMediaError('The CSV encoding is not supported: save it as "CSV UTF-8".', [
      { field, message: 'has an unsupported encoding (binary or UTF-16 without BOM)' },
    ]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    // Lines ended by a lone CR come from Excel for old Macs, which saves in Mac OS Roman.
    const oldMac = buffer.includes(0x0d) && !buffer.includes(0x0a);
    return iconv.decode(buffer, oldMac ? 'macintosh' : 'win1252');
  }
}

/**
 * The line break the file uses, the first one met outside quotes: CRLF (Windows), LF, or a lone
 * CR (Excel for old Macs). Both the delimiter sniffing and the parser use it, so they agree.
 */
export function detectLineBreak(text: string): '\r\n' | '\n' | '\r' {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') return '\n';
    else if (!quoted && ch === '\r') return text[i + 1] === '\n' ? '\r\n' : '\r';
  }
  return '\n';
}

/** The delimiter used most on the header line, outside quotes: `;` (French Excel), `,` or tab. */
export function detectDelimiter(text: string, lineBreak = detectLineBreak(text)): string {
  const header = text.split(lineBreak, 1)[0] ?? '';
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}
