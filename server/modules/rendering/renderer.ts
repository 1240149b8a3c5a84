import { createHash } from 'node:crypto';
import { config } from '../../config/index.js';
import { ValidationError } from '../../lib/errors.js';
import { blendInto } from './blend.js';
import { normaliseBrand } from './colour.js';
import { checkFieldValues } from './fields.js';
import { type LayerSplit, splitLayers } from './layers.js';
import { PromiseLru } from './lru.js';
import { PLATFORM_LIMITS } from './platform-limits.js';
import { encodeRaw, fitImage, type RawImage, rasteriseRaw } from './sharp.js';
import { composeSvg, type SlotImage } from './svg-compose.js';
import { loadTemplate, type Template } from './template.loader.js';
import type { Format } from './template.schemas.js';

/** Bumped when a change here alters pixels, so stored renders are not reused by mistake. */
export const RENDERER_VERSION = 2;

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
  enterprise: { name: string; brandColor?: string; logo?: ImageInput };
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

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const imageDigests = new WeakMap<Buffer, string>();

function imageDigest(image: ImageInput | undefined): string | null {
  if (!image) return null;
  let digest = imageDigests.get(image.data);
  if (!digest) {
    digest = sha(image.data);
    imageDigests.set(image.data, digest);
  }
  return `${digest}@${image.focal ? `${image.focal.x},${image.focal.y}` : 'c'}`;
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
  const images = Object.fromEntries(
    Object.entries(design.images ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, imageDigest(v)]),
  );
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
    ]),
  ).slice(0, 32);
}

const slotCache = new Map<string, Promise<SlotImage>>();
const SLOT_CACHE_SIZE = 256;

/** Resized slot images are cached by content: the live preview re-renders the same photo often. */
function slotImage(
  image: ImageInput,
  width: number,
  height: number,
  fit: 'cover' | 'contain',
): Promise<SlotImage> {
  const key = `${imageDigest(image)}|${width}x${height}|${fit}`;
  let entry = slotCache.get(key);
  if (entry) {
    slotCache.delete(key);
    slotCache.set(key, entry);
    return entry;
  }
  entry = fitImage(image.data, {
    width,
    height,
    fit,
    focal: image.focal,
    maxPixels: config().MAX_IMAGE_PIXELS,
  });
  slotCache.set(key, entry);
  entry.catch(() => slotCache.delete(key));
  if (slotCache.size > SLOT_CACHE_SIZE) slotCache.delete(slotCache.keys().next().value!);
  return entry;
}

async function prepareImages(
  design: Design,
  template: Template,
  format: Format,
  include?: ReadonlySet<number>,
): Promise<Map<number, SlotImage>> {
  const images = new Map<number, SlotImage>();
  await Promise.all(
    template.manifest.layers.map(async (layer, i) => {
      if (include && !include.has(i)) return;
      if (layer.type !== 'image' || (layer.only && !layer.only.includes(format.layout))) return;
      const source = layer.source === 'logo' ? design.enterprise.logo : design.images?.[layer.source];
      if (!source) return;
      const [, , w, h] = layer.box[format.layout]!;
      images.set(i, await slotImage(source, w, h, layer.fit));
    }),
  );
  return images;
}

/** The SVG of a design, validated against its template (drafts may leave required fields empty). */
export async function composeDesign(design: Design, options: { draft?: boolean; root?: string } = {}) {
  const template = await loadTemplate(design.templateId, options.root);
  const format = formatOf(template, design.formatId);
  const fields = checkFieldValues(template.manifest, design.fields, { draft: options.draft ?? false });
  const images = await prepareImages(design, template, format);
  const svg = composeSvg({
    template,
    formatId: format.id,
    brand: normaliseBrand(design.enterprise.brandColor),
    texts: { ...fields, enterprise: design.enterprise.name },
    images,
    lang: design.lang ?? 'fr',
  });
  return { svg, template, format };
}

const rawBytes = (image: RawImage) => image.data.length;
// Base layers (everything but the field texts) as decoded pixels, by what they depend on:
// a campaign's ads share them, and the live preview redraws only the texts.
const baseCache = new PromiseLru<RawImage>(16, 96 * 1024 * 1024, rawBytes);
// Each overlay layer's pixels by its own inputs: typing in one field redraws that field only.
const layerCache = new PromiseLru<RawImage>(512, 64 * 1024 * 1024, rawBytes);

function baseLayers(
  design: Design,
  template: Template,
  format: Format,
  brand: string,
  overlay: ReadonlySet<number>,
): Promise<RawImage> {
  const images = Object.entries(design.images ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [k, imageDigest(v)]);
  const { name, logo } = design.enterprise;
  const lang = design.lang ?? 'fr';
  const key = sha(
    JSON.stringify([
      template.manifest.id,
      template.digest,
      format.id,
      brand,
      lang,
      name,
      imageDigest(logo),
      images,
    ]),
  );
  return baseCache.get(key, async () => {
    const include = new Set(template.manifest.layers.map((_, i) => i).filter((i) => !overlay.has(i)));
    const slots = await prepareImages(design, template, format, include);
    const texts = { enterprise: name };
    const svg = composeSvg({ template, formatId: format.id, brand, texts, images: slots, lang, include });
    return rasteriseRaw(svg, true);
  });
}

function layerPixels(
  design: Design,
  template: Template,
  format: Format,
  brand: string,
  texts: Record<string, string>,
  part: LayerSplit['parts'][number],
): Promise<RawImage> {
  const layer = template.manifest.layers[part.index]!;
  const source =
    layer.type === 'image'
      ? layer.source === 'logo'
        ? design.enterprise.logo
        : design.images?.[layer.source]
      : undefined;
  const lang = design.lang ?? 'fr';
  const values = part.placeholders.map((p) => texts[p] ?? null);
  const key = sha(
    JSON.stringify([
      template.manifest.id,
      template.digest,
      format.id,
      part.index,
      brand,
      lang,
      values,
      imageDigest(source),
    ]),
  );
  return layerCache.get(key, async () => {
    const include = new Set([part.index]);
    const images = await prepareImages(design, template, format, include);
    const svg = composeSvg({
      template,
      formatId: format.id,
      brand,
      texts,
      images,
      lang,
      include,
      area: part.area,
    });
    return rasteriseRaw(svg, false);
  });
}

/**
 * Renders one format of a design to the platform's file type, within the platform's limits:
 * the cached base pixels, with the field texts drawn over them as a small SVG.
 */
export async function renderDesign(
  design: Design,
  options: { draft?: boolean; root?: string } = {},
): Promise<RenderedImage> {
  const template = await loadTemplate(design.templateId, options.root);
  const format = formatOf(template, design.formatId);
  const fields = checkFieldValues(template.manifest, design.fields, { draft: options.draft ?? false });
  const brand = normaliseBrand(design.enterprise.brandColor);
  const split = splitLayers(template, format);
  const texts: Record<string, string> = { ...fields, enterprise: design.enterprise.name };
  const [base, ...layers] = await Promise.all([
    baseLayers(design, template, format, brand, split.overlay),
    ...split.parts.map((part) => layerPixels(design, template, format, brand, texts, part)),
  ]);
  // The cached base stays untouched: the texts are drawn on a copy.
  const pixels = { ...base!, data: Buffer.from(base!.data) };
  split.parts.forEach((part, n) => {
    blendInto(pixels, layers[n]!, part.area[0], part.area[1]);
  });
  const data = await encodeRaw(pixels, {
    output: format.output,
    maxBytes: PLATFORM_LIMITS[format.platform].maxBytes,
  });
  const mime = format.output === 'png' ? 'image/png' : 'image/jpeg';
  return {
    data,
    mime,
    width: format.width,
    height: format.height,
    format: format.id,
    hash: designHash(design, template),
  };
}
