import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, neutraliseCell, toCsv } from '../../server/lib/csv.js';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","clic")', `'=HYPERLINK("http://evil.example","clic")`],
    ['+1+1', `'+1+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\tcmd', `'\tcmd`],
    ['\r=1', `'\r=1`],
  ])('neutralises a cell a spreadsheet would run as a formula: %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it('leaves ordinary text alone, formula characters inside it included', () => {
    for (const text of ['Coop du Coin', 'a=b', 'É-co', '2026-11-30', '', ' =1'])
      expect(neutraliseCell(text)).toBe(text);
  });

  it('keeps numbers as numbers, negative ones too, and drops non-finite ones', () => {
    expect(csvField(-12)).toBe('-12');
    expect(csvField(0.0425)).toBe('0.0425');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('quotes per RFC 4180 and reads back to the same cells', () => {
    const rows = [
      ['nom', 'vues', 'note'],
      ['Coop "La Ruche", Magog', 1200, 'ligne 1\nligne 2'],
      ['=1+1', -3, null],
    ];
    const text = toCsv(rows);
    expect(text).toBe(
      'nom,vues,note\r\n"Coop ""La Ruche"", Magog",1200,"ligne 1\nligne 2"\r\n\'=1+1,-3,\r\n',
    );
    expect(parse(text)).toEqual([
      ['nom', 'vues', 'note'],
      ['Coop "La Ruche", Magog', '1200', 'ligne 1\nligne 2'],
      ["'=1+1", '-3', ''],
    ]);
  });

  it('quotes a neutralised cell that starts with a carriage return', () => {
    expect(csvField('\r=cmd')).toBe(`"'\r=cmd"`);
  });

  it('starts with a UTF-8 byte order mark only when asked, for Excel', () => {
    expect(toCsv([['é']], { bom: true })).toBe('\uFEFFé\r\n');
    expect(Buffer.from(toCsv([['é']], { bom: true }), 'utf8').subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    expect(toCsv([['é']]).startsWith('\uFEFF')).toBe(false);
  });

  it('writes dates as UTC ISO 8601 and booleans as words', () => {
    expect(toCsv([[new Date(Date.UTC(2026, 9, 31, 3, 30)), true, false]])).toBe(
      '2026-10-31T03:30:00.000Z,true,false\r\n',
    );
  });
});
