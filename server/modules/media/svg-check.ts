import { UnsupportedMediaError } from '../../lib/errors.js';

/** SVG logos are small documents: larger ones are refused before librsvg parses them. */
export const MAX_SVG_BYTES = 1024 * 1024;

// Designers' exports embed bitmaps as data URIs; anything else in an href or url() points outside.
const EMBEDDED = /^data:image\/(png|jpeg|gif|webp);base64,/i;

/** Why an SVG would reach outside itself or expand without bound, or undefined when it is self-contained. */
export function svgProblem(data: Buffer): string | undefined {
  if (data.length > MAX_SVG_BYTES) return `is larger than ${MAX_SVG_BYTES / 1024} KB (an SVG logo)`;
  const text = data.toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return 'must not declare a DOCTYPE or entities';
  if (/<\?xml-stylesheet|@import/i.test(text)) return 'must not load style sheets';
  for (const m of text.matchAll(/(?:^|\s)(?:xlink:)?href\s*=\s*(["'])(.*?)\1/gis)) {
    const target = m[2]!.trim();
    if (!target.startsWith('#') && !EMBEDDED.test(target))
      return `must not refer to external files or addresses (${target.slice(0, 60)})`;
  }
  for (const m of text.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gis)) {
    const target = m[2]!.trim();
    if (!target.startsWith('#') && !EMBEDDED.test(target))
      return `must not refer to external files or addresses (${target.slice(0, 60)})`;
  }
  return undefined;
}

/** Throws a 415 naming the field when an uploaded SVG is not self-contained. */
export function assertSafeSvg(data: Buffer, field: string): void {
  const problem = svgProblem(data);
  if (problem) throw new UnsupportedMediaError(`The ${field} SVG ${problem}.`, [{ field, message: problem }]);
}
