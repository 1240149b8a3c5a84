import { createHash } from 'node:crypto';
import { config } from '../../config/index.js';
import { sharedCache } from '../../lib/cache.js';
import { fitImage, type RawImage, rasteriseRaw } from '../../lib/sharp.js';
import { drawEmoji, drawRun } from './glyphs.js';
import type { PlacedLayer } from './jpeg-tiles.js';
import type { LayerSplit } from './layers.js';
import type { Design, ImageInput } from './renderer.js';
import { boxOf, composeSvg, layerShown, type SlotImage, slotCells } from './svg-compose.js';
import type { Template } from './template.loader.js';
import type { Format, ImageLayer } from './template.schemas.js';
import { type TextLines, textLines } from './text-layout.js';

// The render path's caches, all by content: resized images, base layers, overlay layers.

export const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const digests = new WeakMap<Buffer, string>();

export function imageDigest(image: ImageInput | undefined): string | null {
  if (!image) return null;
  let digest = digests.get(image.data);
  if (!digest) {
    digest = sha(image.data);
    digests.set(image.data, digest);
  }
  return `${digest}@${image.focal ? `${image.focal.x},${image.focal.y}` : 'c'}`;
}

/** The lead enterprise, then the partners, in the ad's order. */
const enterprisesOf = (design: Design) => [design.enterprise, ...(design.partners ?? [])];

/**
 * What a template's {enterprise} shows: every enterprise's name, lead first, joined by " · ".
 * With several names, a line breaks only between names (each is kept whole by non-breaking
 * spaces, and the dot stays with the name before it).
 */
export function enterpriseText(design: Design): string {
  const names = enterprisesOf(design).map((e) => e.name);
  if (names.length === 1) return names[0]!;
  return names.map((name) => name.replace(/ /g, '\u00a0')).join('\u00a0· ');
}

/** What every layer of one render depends on, worked out once per render (renderer.ts). */
export interface RenderContext {
  design: Design;
  template: Template;
  format: Format;
  /** The lead enterprise's colour, normalised. */
  brand: string;
  lang: 'fr' | 'en';
  /** Text by placeholder: the field values and {enterprise}. */
  texts: Record<string, string>;
}

/** Where every cache key starts: the template as it is now, the format, brand and language. */
const scopeOf = (c: RenderContext) => [
  c.template.manifest.id,
  c.template.digest,
  c.format.id,
  c.brand,
  c.lang,
];

/** An image slot's images: a field's image, or every enterprise's logo (lead first; none, no cell). */
function slotSources(design: Design, layer: ImageLayer): ImageInput[] {
  if (layer.source !== 'logo') return design.images?.[layer.source] ? [design.images[layer.source]!] : [];
  return enterprisesOf(design).flatMap((e) => (e.logo ? [e.logo] : []));
}

const slotCache = sharedCache<SlotImage>('slot-images', (s) => s.data.length);

/** Resized slot images are cached by content: the live preview re-renders the same photo often. */
function slotImage(
  image: ImageInput,
  width: number,
  height: number,
  fit: 'cover' | 'contain',
): Promise<SlotImage> {
  const key = `${imageDigest(image)}|${width}x${height}|${fit}`;
  return slotCache.fetch(key, () =>
    fitImage(image.data, { width, height, fit, focal: image.focal, maxPixels: config().MAX_IMAGE_PIXELS }),
  );
}

export async function prepareImages(
  { design, template, format }: RenderContext,
  include?: ReadonlySet<number>,
): Promise<Map<number, SlotImage[]>> {
  const images = new Map<number, SlotImage[]>();
  await Promise.all(
    template.manifest.layers.map(async (layer, i) => {
      if (include && !include.has(i)) return;
      const count = enterprisesOf(design).length;
      if (layer.type !== 'image' || !layerShown(layer, format.layout, count)) return;
      const sources = slotSources(design, layer);
      if (sources.length === 0) return;
      const cells = slotCells(boxOf(layer, format.layout, count), sources.length);
      const fitted = sources.map((source, k) => slotImage(source, cells[k]![2], cells[k]![3], layer.fit));
      images.set(i, await Promise.all(fitted));
    }),
  );
  return images;
}

const rawBytes = (image: RawImage) => image.data.length;
// Base layers (everything but the field texts) as decoded pixels, by what they depend on:
// a campaign's ads share them, and the live preview redraws only the texts.
const baseCache = sharedCache<RawImage>('base-layers', rawBytes);
// Each overlay layer's pixels by its own inputs: typing in one field redraws that field only.
const layerCache = sharedCache<RawImage>('overlay-layers', rawBytes);
type DrawnLine = Awaited<ReturnType<typeof drawRun>>;
// Text lines by what they show: lines left as they were are not drawn again.
const lineCache = sharedCache<DrawnLine>('text-lines', (l) => (l ? l.image.data.length : 0));

/** The cache key each cached layer was made under: what its pixels depend on. */
const pixelKeys = new WeakMap<RawImage, string>();
export const pixelKey = (image: RawImage): string | undefined => pixelKeys.get(image);
const keyed = (key: string) => (image: RawImage) => {
  pixelKeys.set(image, key);
  return image;
};

/** Image fields by name with their digests, in a stable order. */
export const imageDigests = (design: Design) =>
  Object.entries(design.images ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [k, imageDigest(v)] as const);

export function baseLayers(ctx: RenderContext, overlay: ReadonlySet<number>): Promise<RawImage> {
  const { design, template, format, brand, lang } = ctx;
  const logos = enterprisesOf(design).map((e) => imageDigest(e.logo));
  const key = sha(JSON.stringify([...scopeOf(ctx), ctx.texts.enterprise, logos, imageDigests(design)]));
  return baseCache.fetch(key, async () => {
    const include = new Set(template.manifest.layers.map((_, i) => i).filter((i) => !overlay.has(i)));
    const images = await prepareImages(ctx, include);
    const texts = { enterprise: ctx.texts.enterprise };
    const enterpriseCount = enterprisesOf(design).length;
    const svg = composeSvg({
      template,
      formatId: format.id,
      brand,
      texts,
      images,
      lang,
      include,
      enterpriseCount,
    });
    return rasteriseRaw(svg, true).then(keyed(key));
  });
}

export function layerPixels(ctx: RenderContext, part: LayerSplit['parts'][number]): Promise<RawImage> {
  const { design, template, format, brand, lang, texts } = ctx;
  const layer = template.manifest.layers[part.index]!;
  const sources = layer.type === 'image' ? slotSources(design, layer) : [];
  const values = part.placeholders.map((p) => texts[p] ?? null);
  const count = enterprisesOf(design).length;
  const key = sha(JSON.stringify([...scopeOf(ctx), part.index, values, sources.map(imageDigest), count]));
  return layerCache.fetch(key, async () => {
    const include = new Set([part.index]);
    const images = await prepareImages(ctx, include);
    const area = part.area;
    const svg = composeSvg({
      template,
      formatId: format.id,
      brand,
      texts,
      images,
      lang,
      include,
      area,
      enterpriseCount: count,
    });
    return rasteriseRaw(svg, false).then(keyed(key));
  });
}

// A placed glyph is a small object of three numbers (~48 bytes); the metrics are shared.
const layoutBytes = (laid: TextLines | null) =>
  (laid?.lines ?? []).reduce((sum, l) => sum + 64 + l.text.length * 2 + l.glyphs.length * 48, 128);
const layouts = sharedCache<TextLines | null>('text-layouts', layoutBytes);

/**
 * A text layer as one raster per line, each cached by what it shows (face, size, colour,
 * glyphs and their places): while a user types, only the line being typed is drawn again,
 * from cached glyph masks (glyphs.ts), and the JPEG segments under the other lines are reused.
 */
export async function textLinePixels(
  { design, template, format, brand, lang, texts }: RenderContext,
  part: LayerSplit['parts'][number],
): Promise<PlacedLayer[]> {
  const layer = template.manifest.layers[part.index]!;
  if (layer.type !== 'text') throw new Error('textLinePixels needs a text layer');
  if (!layerShown(layer, format.layout, enterprisesOf(design).length)) return [];
  // Fitting costs a little: unchanged fields reuse their layout (formats of one layout share it).
  const layoutKey = JSON.stringify([
    template.manifest.id,
    template.digest,
    format.layout,
    part.index,
    brand,
    lang,
    part.placeholders.map((p) => texts[p] ?? null),
  ]);
  let laid = layouts.get(layoutKey);
  if (laid === undefined) {
    laid = textLines(layer, layer.box[format.layout]!, brand, texts, lang) ?? null;
    layouts.set(layoutKey, laid);
  }
  if (!laid) return [];
  const { metrics, faceKey, size, fill } = laid;
  const placed = laid.lines.map(async (line): Promise<PlacedLayer[]> => {
    const first = line.glyphs[0];
    if (!first) return [];
    // Shaping is deterministic: the text and the first glyph's place fix every glyph.
    const key = sha(JSON.stringify(['line', faceKey, size, fill, line.text, first.x, first.y]));
    const drawn = await lineCache.fetch(key, () =>
      drawRun({ metrics, faceKey, size, fill, glyphs: line.glyphs }),
    );
    // Emoji in their own colours, over the line's glyphs, each keyed by its code, size and place.
    const emoji = (await drawEmoji(size, line.glyphs)).map(
      ({ image, code, left, top }): PlacedLayer => ({
        image,
        key: sha(JSON.stringify(['emoji', code, image.width, left, top])),
        left,
        top,
      }),
    );
    return [...(drawn ? [{ ...drawn, key }] : []), ...emoji];
  });
  return (await Promise.all(placed)).flat();
}
