/**
 * Text drawn as glyph outlines. fontkit shapes the text (fonts.ts) and every glyph is an SVG
 * path at a quarter-pixel position, so what the fitter measured is exactly what is drawn,
 * in every renderer. For the render path, each glyph is rasterised once per face, size and
 * sub-pixel phase (librsvg, in one SVG for all the glyphs a render lacks) and kept as an
 * alpha mask: a line is then drawn in JavaScript by placing masks, as a font rasteriser's
 * glyph cache does, and a user typing costs no SVG render once the letters have been seen.
 */

import { sharedCache } from '../../lib/cache.js';
import type { RawImage } from '../../lib/sharp.js';
import { rasteriseAlpha, rasteriseRaw } from '../../lib/sharp.js';
import type { Rgb } from './blend.js';
import { parseHex } from './colour.js';
import { EMOJI_EM, emojiCodeOf, emojiDocument, emojiElement, isEmojiId } from './emoji.js';
import type { Metrics, Outline } from './fonts.js';

/** A glyph on the canvas: its pen position in px, on the quarter-pixel grid. */
export interface PlacedGlyph {
  id: number;
  x: number;
  y: number;
}

/** Glyphs are placed on a quarter-pixel grid: four phases a pixel, like a font rasteriser. */
export const quarter = (v: number) => Math.round(v * 4) / 4;

/** Same scale text in every SVG that draws a glyph, so every renderer computes the same path. */
const scaleOf = (metrics: Metrics, size: number) => (size / metrics.unitsPerEm).toPrecision(9);

function glyphPath(o: Outline, scale: string, x: number, y: number): string {
  return `<path transform="matrix(${scale} 0 0 -${scale} ${x} ${y})" d="${o.d}"/>`;
}

/** Where an emoji glyph's square lands: its top-left corner and side, in px. */
export function emojiBox(g: PlacedGlyph, size: number): { left: number; top: number; side: number } {
  const side = Math.max(1, Math.round(EMOJI_EM.size * size));
  return { left: Math.round(g.x), top: Math.round(g.y - EMOJI_EM.top * size), side };
}

/** SVG paths of placed glyphs, in the fill of the enclosing element; emoji in their own colours. */
export function glyphsSvg(metrics: Metrics, size: number, glyphs: readonly PlacedGlyph[]): string {
  const scale = scaleOf(metrics, size);
  let out = '';
  for (const g of glyphs) {
    const code = isEmojiId(g.id) ? emojiCodeOf(g.id) : undefined;
    if (code) {
      const { left, top, side } = emojiBox(g, size);
      out += emojiElement(code, left, top, side);
      continue;
    }
    const o = metrics.outline(g.id);
    if (o) out += glyphPath(o, scale, g.x, g.y);
  }
  return out;
}

// Emoji rasterised once per code and size: a few KB each.
const emojiPixels = sharedCache<RawImage>('emoji-pixels', (m) => m.data.length + 64);

/**
 * The emoji of a run as RGBA images and where they go (the render path draws the font's
 * glyphs as masks in one colour, and these over them).
 */
export function drawEmoji(
  size: number,
  glyphs: readonly PlacedGlyph[],
): Promise<{ image: RawImage; code: string; left: number; top: number }[]> {
  return Promise.all(
    glyphs.flatMap((g) => {
      const code = isEmojiId(g.id) ? emojiCodeOf(g.id) : undefined;
      if (!code) return [];
      const { left, top, side } = emojiBox(g, size);
      return [
        emojiPixels
          .fetch(`${code}|${side}`, () => rasteriseRaw(emojiDocument(code, side), false))
          .then((image) => ({ image, code, left, top })),
      ];
    }),
  );
}

/** A glyph's coverage at one phase: `left`/`top` from the glyph's whole-pixel pen position. */
interface Mask {
  data: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
}

/** The pixels a glyph may touch from a pen at (fx, fy) in [0, 1): its ink box, rounded out, plus one. */
function cellOf(o: Outline, k: number, fx: number, fy: number) {
  const left = Math.floor(fx + o.minX * k) - 1;
  const top = Math.floor(fy - o.maxY * k) - 1;
  const right = Math.ceil(fx + o.maxX * k) + 1;
  const bottom = Math.ceil(fy - o.minY * k) + 1;
  return { left, top, width: right - left, height: bottom - top };
}

// Glyph masks by face, size, glyph and phase: a few hundred bytes to a few KB each.
const masks = sharedCache<Mask>('glyph-masks', (m) => m.data.length + 64);

interface Wanted {
  outline: Outline;
  fx: number;
  fy: number;
}

const ATLAS_WIDTH = 1024;

/** Rasterises glyphs in one SVG, each in its own cell (shelf-packed), and cuts out their masks. */
async function rasteriseMasks(metrics: Metrics, size: number, wanted: Wanted[]): Promise<Mask[]> {
  const k = size / metrics.unitsPerEm;
  const scale = scaleOf(metrics, size);
  const cells = wanted.map((w) => cellOf(w.outline, k, w.fx, w.fy));
  const origins: [number, number][] = [];
  let [x, y, shelf, width] = [0, 0, 0, 1];
  for (const cell of cells) {
    // One empty pixel between cells: no glyph's anti-aliasing reaches its neighbour.
    if (x > 0 && x + cell.width > ATLAS_WIDTH) [x, y, shelf] = [0, y + shelf + 1, 0];
    origins.push([x, y]);
    x += cell.width + 1;
    shelf = Math.max(shelf, cell.height);
    width = Math.max(width, x);
  }
  const height = y + shelf + 1;
  let paths = '';
  wanted.forEach((w, i) => {
    const [ox, oy] = origins[i]!;
    paths += glyphPath(w.outline, scale, ox - cells[i]!.left + w.fx, oy - cells[i]!.top + w.fy);
  });
  const atlas = await rasteriseAlpha(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g fill="#000">${paths}</g></svg>`,
  );
  return cells.map((cell, i) => {
    const [ox, oy] = origins[i]!;
    const data = new Uint8Array(cell.width * cell.height);
    for (let row = 0; row < cell.height; row += 1) {
      const from = (oy + row) * atlas.width + ox;
      data.set(atlas.data.subarray(from, from + cell.width), row * cell.width);
    }
    return { data, width: cell.width, height: cell.height, left: cell.left, top: cell.top };
  });
}

/** Masks for glyphs at their positions: cached ones at once, the others in one SVG render. */
function masksFor(
  metrics: Metrics,
  faceKey: string,
  size: number,
  glyphs: readonly PlacedGlyph[],
): Promise<(Mask | undefined)[]> {
  const wanted: Wanted[] = [];
  let atlas: Promise<Mask[]> | undefined;
  // Started once every glyph of the run is known (a microtask later): one SVG for all the misses.
  const drawn = (i: number) =>
    Promise.resolve()
      .then(() => (atlas ??= rasteriseMasks(metrics, size, wanted)))
      .then((all) => all[i]!);
  return Promise.all(
    glyphs.map((g) => {
      const outline = metrics.outline(g.id);
      if (!outline) return undefined;
      const fx = g.x - Math.floor(g.x);
      const fy = g.y - Math.floor(g.y);
      return masks.fetch(`${faceKey}|${size}|${g.id}|${fx}|${fy}`, () =>
        drawn(wanted.push({ outline, fx, fy }) - 1),
      );
    }),
  );
}

/** A run of glyphs in one face, size and colour. */
export interface GlyphRun {
  metrics: Metrics;
  faceKey: string;
  size: number;
  /** #rrggbb */
  fill: string;
  glyphs: readonly PlacedGlyph[];
}

/** Glyph masks combined where they land, from the run's top-left: coverage adds as "over" does. */
function coverage(placed: [Mask, number, number][]) {
  let [x0, y0, x1, y1] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -1e9, -1e9];
  for (const [mask, left, top] of placed) {
    [x0, y0] = [Math.min(x0, left), Math.min(y0, top)];
    [x1, y1] = [Math.max(x1, left + mask.width), Math.max(y1, top + mask.height)];
  }
  const [width, height] = [x1 - x0, y1 - y0];
  const alpha = new Uint8Array(width * height);
  for (const [mask, left, top] of placed) {
    for (let row = 0; row < mask.height; row += 1) {
      let o = (top - y0 + row) * width + (left - x0);
      let m = row * mask.width;
      for (let col = 0; col < mask.width; col += 1, o += 1, m += 1) {
        const a = mask.data[m]!;
        if (a === 0) continue;
        const b = alpha[o]!;
        alpha[o] = b === 0 ? a : a + b - (((a * b + 127) / 255) | 0);
      }
    }
  }
  return { alpha, width, height, left: x0, top: y0 };
}

/**
 * Draws a run as a coverage mask (one channel) to be blended in the run's fill, and where
 * it goes; undefined when the run has no ink.
 */
export async function drawRun(
  run: GlyphRun,
): Promise<{ image: RawImage; fill: Rgb; left: number; top: number } | undefined> {
  const found = await masksFor(run.metrics, run.faceKey, run.size, run.glyphs);
  const placed: [Mask, number, number][] = [];
  run.glyphs.forEach((g, i) => {
    const mask = found[i];
    if (mask) placed.push([mask, Math.floor(g.x) + mask.left, Math.floor(g.y) + mask.top]);
  });
  if (placed.length === 0) return undefined;
  const { alpha, width, height, left, top } = coverage(placed);
  const data = Buffer.from(alpha.buffer, alpha.byteOffset, alpha.length);
  return { image: { data, width, height, channels: 1 }, fill: parseHex(run.fill), left, top };
}
