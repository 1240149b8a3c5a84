/**
 * Text layers laid out on the canvas: fitted (text-fit.ts), shaped (fonts.ts) and placed
 * glyph by glyph, then written as glyph outlines, or as SVG text for a browser.
 */
import { resolveColour } from './colour.js';
import { faceKey, type Metrics, metricsFor } from './fonts.js';
import { glyphsSvg, type PlacedGlyph, quarter } from './glyphs.js';
import type { Box, TextLayer } from './template.schemas.js';
import { fitText } from './text-fit.js';
import { escapeXml, prepareText } from './typography.js';

/** Text values by placeholder name, including "enterprise". */
type Texts = Record<string, string | undefined>;

/** A text layer laid out: its face, size and colour, and each line's glyphs on the canvas. */
export interface TextLines {
  metrics: Metrics;
  faceKey: string;
  size: number;
  /** #rrggbb */
  fill: string;
  /** Each line's text, pen start and baseline, and its glyphs. */
  lines: { text: string; x: number; y: number; glyphs: PlacedGlyph[] }[];
  /** The text did not fit even at the smallest size: it ends with an ellipsis. */
  truncated: boolean;
}

export function textLines(
  layer: TextLayer,
  box: Box,
  brand: string,
  texts: Texts,
  lang: 'fr' | 'en',
): TextLines | undefined {
  const text = prepareText(layer.text, texts, { lang, uppercase: layer.uppercase });
  const metrics = metricsFor(layer.font, layer.weight, layer.italic);
  // One pixel of inset absorbs anti-aliasing, so no partly covered pixel lands outside the box.
  const [x, y, w, h] = [box[0] + 1, box[1] + 1, box[2] - 2, box[3] - 2];
  // Glyphs sit on a quarter-pixel grid: a pixel of margin for the rounding.
  const usable = w - 1;
  const fit = fitText(text, metrics, {
    width: usable,
    height: h,
    maxSize: layer.size.max,
    minSize: layer.size.min,
    lineHeight: layer.lineHeight,
    maxLines: layer.maxLines,
  });
  if (fit.lines.length === 0) return undefined;
  const free = h - fit.blockHeight;
  const top = y + (layer.valign === 'top' ? 0 : layer.valign === 'middle' ? free / 2 : free);
  const { size } = fit;
  const lines = fit.lines.map((line, i) => {
    const ink = line.right - line.left;
    const slack = layer.align === 'start' ? 0 : layer.align === 'middle' ? (w - ink) / 2 : usable - ink;
    // The pen starts left of the ink by its overhang, so the ink starts at the box edge.
    const penX = x + slack - line.left;
    // Whole-pixel baselines: every line reuses the same glyph masks.
    const baseline = Math.round(top + fit.ascent + i * fit.leading);
    const glyphs = metrics.shape(line.text).glyphs.map((g) => ({
      id: g.id,
      x: quarter(penX + g.x * size),
      y: quarter(baseline - g.y * size),
    }));
    return { text: line.text, x: quarter(penX), y: baseline, glyphs };
  });
  return {
    metrics,
    faceKey: faceKey(layer.font, layer.weight, layer.italic),
    size,
    fill: resolveColour(layer.color, brand),
    lines,
    truncated: fit.truncated,
  };
}

/** The glyphs of some lines of a laid-out layer, as SVG paths in the layer's colour. */
export function linesSvg(laid: TextLines, lines = laid.lines): string {
  const paths = lines.map((l) => glyphsSvg(laid.metrics, laid.size, l.glyphs)).join('');
  return `<g fill="${laid.fill}">${paths}</g>`;
}

/** The lines as SVG text in the bundled font, each at its pen start: a browser shapes it. */
function linesAsText(laid: TextLines): string {
  const { face } = laid.metrics;
  const style = face.italic ? ' font-style="italic"' : '';
  const spans = laid.lines.map((l) => `<tspan x="${l.x}" y="${l.y}">${escapeXml(l.text)}</tspan>`);
  return `<text xml:space="preserve" font-family="${face.family}" font-weight="${face.weight}"${style} font-size="${laid.size}" fill="${laid.fill}">${spans.join('')}</text>`;
}

export function textSvg(
  layer: TextLayer,
  box: Box,
  brand: string,
  texts: Texts,
  lang: 'fr' | 'en',
  textAs: 'outlines' | 'text' = 'outlines',
): string {
  const laid = textLines(layer, box, brand, texts, lang);
  if (!laid) return '';
  return textAs === 'text' ? linesAsText(laid) : linesSvg(laid);
}
