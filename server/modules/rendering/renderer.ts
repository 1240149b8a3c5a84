import os from 'node:os';
import pLimit, { type LimitFunction } from 'p-limit';
import { config } from '../../config/index.js';
import { ValidationError } from '../../lib/errors.js';
import { relieveExternalMemory } from '../../lib/memory-pressure.js';
import { encodeJpeg, encodeRaw, type RawImage } from '../../lib/sharp.js';
import { blendInto } from './blend.js';
import { normaliseBrand } from './colour.js';
import { checkFieldValues } from './fields.js';
import { encodeTiled, type PlacedLayer } from './jpeg-tiles.js';
import {
  baseLayers,
  enterpriseText,
  imageDigest,
  imageDigests,
  layerPixels,
  pixelKey,
  prepareImages,
  type RenderContext,
  sha,
  textLinePixels,
} from './layer-pixels.js';
import { type LayerSplit, splitLayers } from './layers.js';
import { PLATFORM_LIMITS } from './platform-limits.js';
import { boxOf, composeSvg, layerShown } from './svg-compose.js';
import { loadTemplate, type Template } from './template.loader.js';
import type { Format } from './template.schemas.js';
import { textLines } from './text-layout.js';

/** Bumped when a change here alters pixels, so stored renders are not reused by mistake. */
export const RENDERER_VERSION = 4;

export interface ImageInput {
  data: Buffer;
  /** Point to keep in view when cropping, 0..1 of width and height. */
  focal?: { x: number; y: number };
}

/** Everything a render depends on; the same design gives the same hash and the same bytes. */
export interface Design {
  templateId: string;
  formatId: string;
  fields: Record<string, string>;
  /** The lead enterprise: its name comes first, its colour and photo brand the ad. */
  enterprise: { name: string; brandColor?: string; logo?: ImageInput };
  /** The other enterprises the ad showcases, in the ad's order: their names and logos show too. */
  partners?: { name: string; logo?: ImageInput }[];
  /** Image fields of the template (e.g. "photo"). */
  images?: Record<string, ImageInput>;
  lang?: 'fr' | 'en';
}

export interface RenderedImage {
  data: Buffer;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  format: string;
  hash: string;
}

function formatOf(template: Template, formatId: string): Format {
  const format = template.manifest.formats.find((f) => f.id === formatId);
  if (!format) {
    throw new ValidationError(`Template "${template.manifest.id}" has no format "${formatId}".`, [
      { field: 'format', message: `one of ${template.manifest.formats.map((f) => f.id).join(', ')}` },
    ]);
  }
  return format;
}

/** The content hash of a design: template digest, format, texts, brand and image contents. */
export function designHash(design: Design, template: Template): string {
  const images = Object.fromEntries(imageDigests(design));
  const fields = Object.fromEntries(Object.entries(design.fields).sort(([a], [b]) => a.localeCompare(b)));
  return sha(
    JSON.stringify([
      RENDERER_VERSION,
      template.manifest.id,
      template.digest,
      design.formatId,
      design.lang ?? 'fr',
      fields,
      design.enterprise.name,
      normaliseBrand(design.enterprise.brandColor),
      imageDigest(design.enterprise.logo),
      images,
      // Absent for one enterprise, so its hashes (and stored renders) stay as they were.
      ...(design.partners?.length ? [design.partners.map((p) => [p.name, imageDigest(p.logo)])] : []),
    ]),
  ).slice(0, 32);
}

/** A design checked against its template (drafts may leave required fields empty), for one render. */
async function contextOf(
  design: Design,
  options: { draft?: boolean; root?: string },
): Promise<RenderContext> {
  const template = await loadTemplate(design.templateId, options.root);
  const format = formatOf(template, design.formatId);
  const fields = checkFieldValues(template.manifest, design.fields, { draft: options.draft ?? false });
  return {
    design,
    template,
    format,
    brand: normaliseBrand(design.enterprise.brandColor),
    lang: design.lang ?? 'fr',
    texts: { ...fields, enterprise: enterpriseText(design) },
  };
}

/** The SVG of a design, every layer at once. */
export async function composeDesign(
  design: Design,
  options: { draft?: boolean; root?: string; textAs?: 'outlines' | 'text' } = {},
) {
  const ctx = await contextOf(design, options);
  const { template, format, brand, texts, lang } = ctx;
  const images = await prepareImages(ctx);
  const svg = composeSvg({
    template,
    formatId: format.id,
    brand,
    texts,
    images,
    lang,
    textAs: options.textAs,
    enterpriseCount: 1 + (design.partners?.length ?? 0),
  });
  return { svg, template, format };
}

/**
 * The fields whose text the fitter had to cut (an ellipsis at the smallest size) in this
 * format: the editor warns before the ad is saved with a cut text.
 */
export async function cutFields(design: Design, options: { root?: string } = {}): Promise<string[]> {
  const ctx = await contextOf(design, { draft: true, root: options.root });
  const { template, format, brand, lang, texts } = ctx;
  const count = 1 + (design.partners?.length ?? 0);
  const cut = new Set<string>();
  for (const layer of template.manifest.layers) {
    if (layer.type !== 'text' || !layerShown(layer, format.layout, count)) continue;
    const laid = textLines(layer, boxOf(layer, format.layout, count), brand, texts, lang);
    if (!laid?.truncated) continue;
    for (const m of layer.text.matchAll(/\{(\w+)\}/g)) if (m[1] !== 'enterprise') cut.add(m[1]!);
  }
  return [...cut];
}

/** An overlay layer's pixels, bottom to top: text layers line by line, others whole. */
async function overlayPart(ctx: RenderContext, part: LayerSplit['parts'][number]): Promise<PlacedLayer[]> {
  if (ctx.template.manifest.layers[part.index]!.type === 'text') return textLinePixels(ctx, part);
  const image = await layerPixels(ctx, part);
  return [{ image, key: pixelKey(image) ?? '', left: part.area[0], top: part.area[1] }];
}

/** The cached base stays untouched: the texts are drawn on a copy. */
function blended(base: RawImage, layers: PlacedLayer[]): RawImage {
  const pixels = { ...base, data: Buffer.from(base.data) };
  for (const layer of layers) blendInto(pixels, layer.image, layer.left, layer.top, layer.fill);
  return pixels;
}

/**
 * JPEG at quality 85 re-encoding only the segments the changed layers touch (jpeg-tiles.ts);
 * undefined when the layers are not keyed or the file would be over the platform's limit.
 */
async function tiledJpeg(
  base: RawImage,
  layers: PlacedLayer[],
  format: Format,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const baseKey = pixelKey(base);
  if (format.output !== 'jpeg' || !baseKey || base.channels !== 3) return undefined;
  if (layers.some((l) => !l.key)) return undefined;
  const data = await encodeTiled(base, baseKey, layers, 85, (crop) => encodeJpeg(crop, 85));
  return data.length <= maxBytes ? data : undefined;
}

let gate: LimitFunction | undefined;

/**
 * At most RENDER_CONCURRENCY (default: one per core) designs are drawn at once in a process.
 * libvips already spreads one image over the cores, so more in parallel finish no sooner;
 * they only hold more pixel buffers, and glibc keeps the peak as resident memory.
 */
function renderGate(): LimitFunction {
  gate ??= pLimit(config().RENDER_CONCURRENCY ?? os.availableParallelism());
  return gate;
}

/**
 * Renders one format of a design to the platform's file type, within the platform's limits:
 * the cached base pixels, with the field texts drawn over them as a small SVG. Waits its
 * turn behind the designs already being drawn (renderGate).
 */
export function renderDesign(
  design: Design,
  options: { draft?: boolean; root?: string } = {},
): Promise<RenderedImage> {
  return renderGate()(async () => {
    const image = await drawDesign(design, options);
    relieveExternalMemory();
    return image;
  });
}

async function drawDesign(
  design: Design,
  options: { draft?: boolean; root?: string },
): Promise<RenderedImage> {
  const ctx = await contextOf(design, options);
  const { template, format } = ctx;
  const split = splitLayers(template, format);
  const pending = Promise.all([
    baseLayers(ctx, split.overlay),
    ...split.parts.map((part) => overlayPart(ctx, part)),
  ]);
  // Hashed while libvips draws the changed layers.
  const hash = designHash(design, template);
  const [base, ...parts] = await pending;
  const layers = (parts as PlacedLayer[][]).flat();
  const maxBytes = PLATFORM_LIMITS[format.platform].maxBytes;
  const data =
    (await tiledJpeg(base as RawImage, layers, format, maxBytes)) ??
    (await encodeRaw(blended(base as RawImage, layers), { output: format.output, maxBytes }));
  const mime = format.output === 'png' ? 'image/png' : 'image/jpeg';
  return {
    data,
    mime,
    width: format.width,
    height: format.height,
    format: format.id,
    hash,
  };
}
