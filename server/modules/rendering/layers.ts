import type { Template } from './template.loader.js';
import type { Box, Format } from './template.schemas.js';

/** Where a format's layers split: a cacheable base, and the overlay drawn anew for each text. */
export interface LayerSplit {
  /** Layers drawn on every render: text from the ad's fields, and whatever covers it. */
  overlay: ReadonlySet<number>;
  /** The overlay's layers bottom to top, each with the area it may touch. */
  parts: { index: number; area: Area; placeholders: string[] }[];
}

/** [x, y, width, height] in whole pixels. */
export type Area = readonly [number, number, number, number];

const PLACEHOLDER = /\{(\w+)\}/g;
/** Glyphs stay in their box (text-fit insets them); a margin keeps anti-aliasing inside the area. */
const MARGIN = 4;

const intersects = (a: Box, b: Box) =>
  a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];

function usesFields(text: string): boolean {
  return [...text.matchAll(PLACEHOLDER)].some((m) => m[1] !== 'enterprise');
}

const splits = new WeakMap<Template, Map<string, LayerSplit>>();

/**
 * Splits a format's layers so that compositing the overlay over the rasterised base gives
 * the same picture as drawing every layer: a layer goes to the overlay if it draws field
 * text, or if it lies above and across something already in the overlay.
 */
export function splitLayers(template: Template, format: Format): LayerSplit {
  let byFormat = splits.get(template);
  if (!byFormat) {
    byFormat = new Map();
    splits.set(template, byFormat);
  }
  const known = byFormat.get(format.id);
  if (known) return known;
  const full: Box = [0, 0, format.width, format.height];
  const overlay = new Set<number>();
  const boxes: Box[] = [];
  const parts: LayerSplit['parts'] = [];
  template.manifest.layers.forEach((layer, i) => {
    if (layer.type !== 'background' && layer.only && !layer.only.includes(format.layout)) return;
    const box = layer.type === 'background' ? full : layer.box[format.layout]!;
    // A logo slot may take another box for several enterprises: the split holds for both.
    const several = layer.type === 'image' ? layer.several?.[format.layout] : undefined;
    const own = several ? [box, several] : [box];
    const dynamic = layer.type === 'text' && usesFields(layer.text);
    if (dynamic || boxes.some((b) => own.some((o) => intersects(b, o)))) {
      overlay.add(i);
      boxes.push(...own);
      const placeholders =
        layer.type === 'text' ? [...layer.text.matchAll(PLACEHOLDER)].map((m) => m[1]!) : [];
      parts.push({ index: i, area: areaOf(several ? union(box, several) : box, format), placeholders });
    }
  });
  const split: LayerSplit = { overlay, parts };
  byFormat.set(format.id, split);
  return split;
}

const union = (a: Box, b: Box): Box => {
  const [x, y] = [Math.min(a[0], b[0]), Math.min(a[1], b[1])];
  return [x, y, Math.max(a[0] + a[2], b[0] + b[2]) - x, Math.max(a[1] + a[3], b[1] + b[3]) - y];
};

/** A box grown by the margin, rounded out to whole pixels and kept on the canvas. */
function areaOf(box: Box, format: Format): Area {
  const left = Math.max(0, Math.floor(box[0] - MARGIN));
  const top = Math.max(0, Math.floor(box[1] - MARGIN));
  const right = Math.min(format.width, Math.ceil(box[0] + box[2] + MARGIN));
  const bottom = Math.min(format.height, Math.ceil(box[1] + box[3] + MARGIN));
  return [left, top, right - left, bottom - top];
}
