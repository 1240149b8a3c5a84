/** Layout pieces of the report PDF: page geometry, the font, headings and tables. */
import path from 'node:path';
import { fontsDir } from '../../lib/paths.js';

// The bundled TrueType face covers French; the PDF embeds the subset it uses.
export const FONT = path.join(fontsDir, 'EBGaramond12-Regular.ttf');
export const MARGIN = 50;
export const WIDTH = 612 - 2 * MARGIN;

/** Numbers with plain spaces, so the PDF's text reads (and extracts) as typed. */
export const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

export type Doc = PDFKit.PDFDocument;

/** A section title, on a new page when near the bottom. */
export function heading(doc: Doc, text: string): void {
  if (doc.y > 680) doc.addPage();
  doc.moveDown(0.8).fontSize(14).fillColor('#1F6F5C').text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3).fontSize(10).fillColor('#000');
}

/** A table: first column wide, the others right-aligned. */
export function table(doc: Doc, head: string[], rows: string[][]): void {
  const first = WIDTH * 0.4;
  const other = (WIDTH - first) / Math.max(1, head.length - 1);
  const line = (cells: string[], bold: boolean) => {
    if (doc.y > 720) doc.addPage();
    const y = doc.y;
    doc.fillColor(bold ? '#555' : '#000');
    cells.forEach((cell, i) => {
      const x = i === 0 ? MARGIN : MARGIN + first + (i - 1) * other;
      doc.text(plain(cell), x, y, {
        width: i === 0 ? first - 6 : other,
        align: i === 0 ? 'left' : 'right',
        lineBreak: false,
        ellipsis: true,
      });
    });
    doc.x = MARGIN;
    doc.y = y + 15;
  };
  line(head, true);
  for (const row of rows) line(row, false);
  doc.fillColor('#000');
}
