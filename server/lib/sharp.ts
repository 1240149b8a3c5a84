import './fontconfig.setup.js';
import sharp from 'sharp';
import { PayloadTooLargeError, UnsupportedMediaError } from './errors.js';

// No operation cache: inputs are always new buffers (nothing to reuse, no file handles to
// keep), and looking each operation up costs ~0.1 ms a call on the render path.
sharp.cache(false);

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** The only formats we accept, recognised by their first bytes rather than a name or a header. */
export function sniffImage(data: Buffer): ImageMime | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (
    data.length >= 8 &&
    data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'image/png';
  }
  if (
    data.length >= 12 &&
    data.toString('latin1', 0, 4) === 'RIFF' &&
    data.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'image/webp';
  }
  return undefined;
}

export interface UploadLimits {
  maxBytes: number;
  maxPixels: number;
}

/**
 * Checks an upload before decoding it: size in bytes, type by content, and pixel count
 * read from the header only, so an image bomb is refused without allocating its pixels.
 */
export async function inspectUpload(
  data: Buffer,
  limits: UploadLimits,
): Promise<{ mime: ImageMime; width: number; height: number }> {
  if (data.length > limits.maxBytes) {
    throw new PayloadTooLargeError(
      `The image is larger than ${Math.floor(limits.maxBytes / 1024 / 1024)} MB.`,
    );
  }
  const mime = sniffImage(data);
  if (!mime) throw new UnsupportedMediaError('Only JPEG, PNG and WebP images are accepted.');
  // metadata() reads the header only: the pixel count is known before anything is decoded.
  const meta = await sharp(data, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw new UnsupportedMediaError('The image could not be read.');
    });
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width * height > limits.maxPixels || width === 0 || height === 0) {
    throw new PayloadTooLargeError(`The image has more than ${limits.maxPixels} pixels.`);
  }
  return { mime, width, height };
}

/**
 * Re-encodes an upload: orientation applied, at most 2400 px a side, metadata (EXIF, GPS,
 * comments) dropped by re-encoding. Logos keep transparency (PNG); photos become JPEG.
 */
export async function normaliseImage(
  data: Buffer,
  kind: 'photo' | 'logo',
  limits: UploadLimits,
): Promise<{ data: Buffer; mime: ImageMime; width: number; height: number }> {
  await inspectUpload(data, limits);
  const pipeline = sharp(data, { limitInputPixels: limits.maxPixels, failOn: 'error' })
    .rotate()
    .resize({ width: 2400, height: 2400, fit: 'inside', withoutEnlargement: true });
  const out =
    kind === 'logo'
      ? await pipeline.png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true })
      : await pipeline
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: 88 })
          .toBuffer({ resolveWithObject: true });
  return {
    data: out.data,
    mime: kind === 'logo' ? 'image/png' : 'image/jpeg',
    width: out.info.width,
    height: out.info.height,
  };
}

export interface SlotRequest {
  width: number;
  height: number;
  fit: 'cover' | 'contain';
  /** Point of interest in 0..1 of the source, kept in view when cropping for "cover". */
  focal?: { x: number; y: number };
  maxPixels: number;
}

/** Resizes an image for a slot; the caller embeds it as a data URI in the SVG. */
export async function fitImage(
  data: Buffer,
  req: SlotRequest,
): Promise<{ data: Buffer; mime: ImageMime; width: number; height: number }> {
  const width = Math.max(1, Math.round(req.width));
  const height = Math.max(1, Math.round(req.height));
  const base = sharp(data, { limitInputPixels: req.maxPixels }).rotate();
  if (req.fit === 'contain') {
    const out = await base
      .resize({ width, height, fit: 'inside' })
      .png({ compressionLevel: 3 })
      .toBuffer({ resolveWithObject: true });
    return { data: out.data, mime: 'image/png', width: out.info.width, height: out.info.height };
  }
  const meta = await sharp(data, { limitInputPixels: req.maxPixels }).metadata();
  const srcW = meta.autoOrient?.width ?? meta.width ?? width;
  const srcH = meta.autoOrient?.height ?? meta.height ?? height;
  const scale = Math.max(width / srcW, height / srcH);
  const scaledW = Math.max(width, Math.round(srcW * scale));
  const scaledH = Math.max(height, Math.round(srcH * scale));
  const focal = req.focal ?? { x: 0.5, y: 0.5 };
  const left = Math.min(scaledW - width, Math.max(0, Math.round(focal.x * scaledW - width / 2)));
  const top = Math.min(scaledH - height, Math.max(0, Math.round(focal.y * scaledH - height / 2)));
  const out = await base
    .resize({ width: scaledW, height: scaledH, fit: 'fill' })
    .extract({ left, top, width, height })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 90 })
    .toBuffer();
  return { data: out, mime: 'image/jpeg', width, height };
}

export interface RasterOptions {
  output: 'jpeg' | 'png';
  /** Largest file the platform accepts; JPEG quality steps down until the file fits. */
  maxBytes: number;
}

/** Decoded pixels kept between renders (a design's base layers). */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** Rasterises an SVG to raw pixels: opaque RGB on white, or RGBA (unpremultiplied). */
export async function rasteriseRaw(svg: string, opaque: boolean): Promise<RawImage> {
  const input = Buffer.from(svg);
  // librsvg always gives RGBA: asking for an alpha channel again costs a pass over the pixels.
  let { data, info } = await (opaque ? sharp(input).flatten({ background: '#ffffff' }) : sharp(input))
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (!opaque && info.channels !== 4)
    ({ data, info } = await sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true }));
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** The alpha channel of an SVG rasterised on transparency: glyph coverage. */
export async function rasteriseAlpha(svg: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(svg))
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

// Baseline JPEG without mozjpeg's trellis search: several times faster, a few % larger. The
// standard Huffman tables (optimiseCoding off) also make every encode's tables the same, which
// jpeg-tiles.ts relies on to splice segments of different encodes; renders stay ~70 KB, far
// under the platforms' 4-5 MB. 4:2:0 without smoothing keeps each MCU's coefficients local.
export const jpegOptions = {
  mozjpeg: false,
  chromaSubsampling: '4:2:0',
  optimiseCoding: false,
  trellisQuantisation: false,
  overshootDeringing: false,
  optimiseScans: false,
  progressive: false,
} as const;

/** Encodes raw pixels; JPEG quality steps down until the file fits the platform's limit. */
export async function encodeRaw(image: RawImage, options: RasterOptions): Promise<Buffer> {
  const { width, height, channels } = image;
  const pipeline = () => sharp(image.data, { raw: { width, height, channels } });
  if (options.output === 'png') {
    const out = await pipeline().png({ compressionLevel: 6 }).toBuffer();
    if (out.length > options.maxBytes)
      throw new Error(`PNG render is ${out.length} bytes, over ${options.maxBytes}`);
    return out;
  }
  for (const quality of [85, 78, 70, 60, 50]) {
    const out = await pipeline()
      .jpeg({ quality, ...jpegOptions })
      .toBuffer();
    if (out.length <= options.maxBytes) return out;
  }
  throw new Error(`JPEG render stays over ${options.maxBytes} bytes even at quality 50`);
}

/** One JPEG encode at a given quality, with the render path's settings (tiled renders). */
export function encodeJpeg(image: RawImage, quality: number): Promise<Buffer> {
  const { width, height, channels } = image;
  return sharp(image.data, { raw: { width, height, channels } })
    .jpeg({ quality, ...jpegOptions })
    .toBuffer();
}

/** Raw RGBA pixels of an SVG, for tests that inspect where ink landed. */
export async function svgToRgba(svg: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(svg))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Decodes any image to raw RGBA (golden comparisons). */
export async function decodeRgba(image: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Encodes an SVG as a small PNG thumbnail (README samples, gallery). */
export async function svgToPng(svg: string, width?: number): Promise<Buffer> {
  const pipeline = sharp(Buffer.from(svg));
  return (width ? pipeline.resize({ width }) : pipeline).png({ compressionLevel: 9 }).toBuffer();
}

/** Applies a sharp-free worker setting: how many libvips threads one render may use. */
export function setRenderThreads(threads: number): void {
  sharp.concurrency(threads);
}

/** Encodes an SVG as a JPEG (demo photos). */
export async function svgToJpeg(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

/** A thumbnail as a data URL, small enough to inline in a list page or a document (a few KB). */
export interface Thumbnail {
  /** `data:image/webp;base64,…` */
  dataUrl: string;
  width: number;
  height: number;
}

/**
 * A small WebP of an image (transparency kept), at most `box` px a side, for lists: their
 * images then come with the page instead of one GridFS read (100 ms+) each.
 */
export async function makeThumbnail(data: Buffer, box: number, maxPixels: number): Promise<Thumbnail> {
  const { data: out, info } = await sharp(data, { limitInputPixels: maxPixels })
    .rotate()
    .resize({ width: box, height: box, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 60, alphaQuality: 80, effort: 2 })
    .toBuffer({ resolveWithObject: true });
  return {
    dataUrl: `data:image/webp;base64,${out.toString('base64')}`,
    width: info.width,
    height: info.height,
  };
}

/** A small PNG of any image (a WebP thumbnail for a PDF, which takes only JPEG and PNG), at most `box` px a side. */
export async function smallPng(data: Buffer, box: number, maxPixels: number): Promise<Buffer> {
  return sharp(data, { limitInputPixels: maxPixels })
    .resize({ width: box, height: box, fit: 'inside', withoutEnlargement: true })
    .png({ compressionLevel: 9 })
    .toBuffer();
}
