import { resolveColour } from './colour.js';
import type { Template } from './template.loader.js';
import type { Box, ImageLayer, Layer } from './template.schemas.js';
import { textSvg } from './text-layout.js';

/** An image already resized for its slot, embedded as a data URI (it came out of sharp, never a URL). */
export interface SlotImage {
  data: Buffer;
  mime: string;
  width: number;
  height: number;
}

export interface ComposeInput {
  template: Template;
  formatId: string;
  brand: string;
  /** Text values by placeholder name, including "enterprise". */
  texts: Record<string, string | undefined>;
  /** Prepared images by layer index: one, or a logo slot's logos in their cells' order. */
  images: Map<number, SlotImage[]>;
  lang: 'fr' | 'en';
  /** How many enterprises the ad features (layers may show for one or for several); 1 when absent. */
  enterpriseCount?: number;
  /** Only these layers (by index); all when absent. */
  include?: ReadonlySet<number>;
  /** Part of the canvas to draw, [x, y, width, height]; the whole format when absent. */
  area?: readonly [number, number, number, number];
  /**
   * Text as glyph outlines (what Vitrine renders), or as SVG text in the bundled fonts at the
   * same places, for a browser to lay out itself (the benchmark's Chromium page).
   */
  textAs?: 'outlines' | 'text';
}

const n = (v: number) => Number(v.toFixed(2));

/** Whether a layer shows in a layout for an ad featuring `count` enterprises. */
export function layerShown(layer: Layer, layout: string, count: number): boolean {
  if (layer.type === 'background') return true;
  if (layer.only && !layer.only.includes(layout)) return false;
  if (layer.enterprises === 'one' && count > 1) return false;
  return !(layer.enterprises === 'several' && count <= 1);
}

/** A layer's box; a logo slot takes its `several` box, if any, when the ad features several enterprises. */
export function boxOf(layer: Exclude<Layer, { type: 'background' }>, layout: string, count = 1): Box {
  if (layer.type === 'image' && count > 1 && layer.several?.[layout]) return layer.several[layout]!;
  return layer.box[layout]!;
}

function clipFor(layer: ImageLayer, id: string, x: number, y: number, w: number, h: number): string {
  if (!layer.mask) return '';
  const shape =
    layer.mask.shape === 'circle'
      ? `<ellipse cx="${n(x + w / 2)}" cy="${n(y + h / 2)}" rx="${n(w / 2)}" ry="${n(h / 2)}"/>`
      : `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(layer.mask.radius)}"/>`;
  return `<clipPath id="${id}">${shape}</clipPath>`;
}

/** Share of a slot's longer side left between two of its images. */
const CELL_GAP = 0.06;

/** Cells of `size` px along a side of `length` px, `count` of them with gaps, centred: their offsets. */
function line(length: number, count: number): { cell: number; at: (i: number) => number } {
  const gap = count > 1 ? Math.round(length * CELL_GAP) : 0;
  const cell = Math.max(1, Math.floor((length - gap * (count - 1)) / count));
  const start = Math.round((length - cell * count - gap * (count - 1)) / 2);
  return { cell, at: (i) => start + i * (cell + gap) };
}

/**
 * An image slot split for several images (a logo slot's logos): the grid of equal cells
 * (one row, one column, or rows of several) whose cells' shorter side is the longest, so
 * each logo stays as large as the slot allows, a small gap between cells, centred in the
 * slot; the last row is centred when it is not full. One image keeps the whole box.
 */
export function slotCells(box: Box, count: number): Box[] {
  if (count <= 1) return [box];
  const [x, y, w, h] = box;
  let best = { rows: 1, cols: count, side: -1 };
  for (let rows = 1; rows <= count; rows += 1) {
    const cols = Math.ceil(count / rows);
    const side = Math.min(line(w, cols).cell, line(h, rows).cell);
    if (side > best.side) best = { rows, cols, side };
  }
  const across = line(w, best.cols);
  const down = line(h, best.rows);
  return Array.from({ length: count }, (_, i): Box => {
    const row = Math.floor(i / best.cols);
    const inRow = Math.min(best.cols, count - row * best.cols);
    // A shorter last row: its cells centred under the others.
    const step = best.cols > 1 ? across.at(1) - across.at(0) : 0;
    const shift = ((best.cols - inRow) * step) / 2;
    return [x + Math.round(across.at(i % best.cols) + shift), y + down.at(row), across.cell, down.cell];
  });
}

function placedImage(layer: ImageLayer, id: string, box: Box, image: SlotImage): string {
  const [bx, by, bw, bh] = box;
  // "contain" images are smaller than the box on one side: centre them.
  const x = bx + (bw - image.width) / 2;
  const y = by + (bh - image.height) / 2;
  const clip = clipFor(
    layer,
    id,
    layer.fit === 'cover' ? bx : x,
    layer.fit === 'cover' ? by : y,
    image.width,
    image.height,
  );
  const attr = clip ? ` clip-path="url(#${id})"` : '';
  const href = `data:${image.mime};base64,${image.data.toString('base64')}`;
  return `${clip}<image x="${n(x)}" y="${n(y)}" width="${image.width}" height="${image.height}" preserveAspectRatio="none"${attr} href="${href}"/>`;
}

function imageSvg(layer: ImageLayer, index: number, box: Box, brand: string, images: SlotImage[]): string {
  const [bx, by, bw, bh] = box;
  if (images.length === 0) {
    if (!layer.placeholder) return '';
    const clip = clipFor(layer, `clip${index}`, bx, by, bw, bh);
    const attr = clip ? ` clip-path="url(#clip${index})"` : '';
    return `${clip}<rect x="${bx}" y="${by}" width="${bw}" height="${bh}" fill="${resolveColour(layer.placeholder, brand)}"${attr}/>`;
  }
  if (images.length === 1) return placedImage(layer, `clip${index}`, box, images[0]!);
  // Several logos: each in its cell, masked on its own.
  const cells = slotCells(box, images.length);
  return images.map((image, i) => placedImage(layer, `clip${index}-${i}`, cells[i]!, image)).join('');
}

function layerSvg(layer: Layer, index: number, input: ComposeInput, layout: string): string {
  const { brand } = input;
  const count = input.enterpriseCount ?? 1;
  if (layer.type === 'background')
    return `<rect width="100%" height="100%" fill="${resolveColour(layer.fill, brand)}"/>`;
  if (!layerShown(layer, layout, count)) return '';
  const box = boxOf(layer, layout, count);
  const [x, y, w, h] = box;
  switch (layer.type) {
    case 'rect':
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${layer.radius}" fill="${resolveColour(layer.fill, brand)}" opacity="${layer.opacity}"/>`;
    case 'ellipse':
      return `<ellipse cx="${n(x + w / 2)}" cy="${n(y + h / 2)}" rx="${n(w / 2)}" ry="${n(h / 2)}" fill="${resolveColour(layer.fill, brand)}" opacity="${layer.opacity}"/>`;
    case 'artwork': {
      const art = input.template.artworks.get(layer.src)!;
      const colour = layer.color ? resolveColour(layer.color, brand) : 'currentColor';
      return `<svg x="${x}" y="${y}" width="${w}" height="${h}" viewBox="${art.viewBox}" color="${colour}" opacity="${layer.opacity}" preserveAspectRatio="${layer.stretch ? 'none' : 'xMidYMid meet'}">${art.inner}</svg>`;
    }
    case 'image':
      return imageSvg(layer, index, box, brand, input.images.get(index) ?? []);
    case 'text':
      return textSvg(layer, box, brand, input.texts, input.lang, input.textAs);
  }
}

/** Composes the whole ad as one SVG document, layer by layer, for one format. */
export function composeSvg(input: ComposeInput): string {
  const format = input.template.manifest.formats.find((f) => f.id === input.formatId);
  if (!format) throw new Error(`Unknown format ${input.formatId}`);
  const body = input.template.manifest.layers
    .map((layer, i) =>
      !input.include || input.include.has(i) ? layerSvg(layer, i, input, format.layout) : '',
    )
    .join('');
  const [x, y, w, h] = input.area ?? [0, 0, format.width, format.height];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${x} ${y} ${w} ${h}">${body}</svg>`;
}
