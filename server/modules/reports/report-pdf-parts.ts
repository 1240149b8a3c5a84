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

/**
 * The text cut to `width` points in the current font with an ellipsis, keeping a closing
 * "(…)" (the platform after a channel's name) so that two channels of the same name differ.
 */
export function fitted(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const suffix = / \([^()]{1,20}\)$/.exec(text)?.[0] ?? '';
  let head = text.slice(0, text.length - suffix.length);
  while (head.length > 1 && doc.widthOfString(`${head}…${suffix}`) > width) head = head.slice(0, -1);
  return `${head.trimEnd()}…${suffix}`;
}

/** A section title, on a new page when too near the bottom for it and a few lines below it. */
export function heading(doc: Doc, text: string): void {
  if (doc.y > 640) doc.addPage();
  doc.moveDown(0.8).fontSize(14).fillColor('#1F6F5C').text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3).fontSize(10).fillColor('#000');
}

/**
 * A table: first column wide, the others right-aligned. Body cells stay on one line (cut with
 * an ellipsis); header cells wrap within their column and the first row starts below the
 * tallest of them, on a new page (header repeated) when near the bottom.
 */
export function table(doc: Doc, head: string[], rows: string[][]): void {
  const first = head.length > 4 ? WIDTH * 0.34 : WIDTH * 0.4;
  const other = (WIDTH - first) / Math.max(1, head.length - 1);
  const x = (i: number) => (i === 0 ? MARGIN : MARGIN + first + (i - 1) * other);
  const width = (i: number) => (i === 0 ? first - 6 : other - 4);
  const align = (i: number) => (i === 0 ? 'left' : 'right');
  const bottom = () => doc.page.height - MARGIN - 15;
  const header = () => {
    const heights = head.map((cell, i) => doc.heightOfString(plain(cell), { width: width(i) }));
    if (doc.y + Math.max(...heights) + 15 > bottom()) doc.addPage();
    const y = doc.y;
    doc.fillColor('#555');
    head.forEach((cell, i) => {
      doc.text(plain(cell), x(i) + (i === 0 ? 0 : 4), y, { width: width(i), align: align(i) });
    });
    doc.fillColor('#000');
    doc.x = MARGIN;
    doc.y = y + Math.max(12, ...heights) + 3;
  };
  header();
  for (const cells of rows) {
    if (doc.y > bottom()) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    cells.forEach((cell, i) => {
      const text = i === 0 ? fitted(doc, plain(cell), width(i)) : plain(cell);
      doc.text(text, x(i) + (i === 0 ? 0 : 4), y, {
        width: width(i),
        align: align(i),
        lineBreak: false,
        ellipsis: true,
        height: 14,
      });
    });
    doc.x = MARGIN;
    doc.y = y + 15;
  }
  doc.fillColor('#000');
}
