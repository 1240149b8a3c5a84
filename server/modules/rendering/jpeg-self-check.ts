/**
 * Guards the tiled JPEG path (jpeg-tiles.ts). Splicing segments of different encodes is exact
 * only while sharp/libvips keeps its baseline, standard-table output; an upgrade could change
 * that silently. So once per process and quality, a spliced encode of a small synthetic
 * image is compared, pixel for pixel, with a whole encode; on any difference tiling is
 * switched off (whole encodes from then on) and a warning is logged.
 */
import { logger } from '../../lib/logger.js';
import { blendInto, type Rgb } from './blend.js';
import { decodeRgba, encodeJpeg, type RawImage } from './sharp.js';

/** A layer over the base, as jpeg-tiles.ts places it (structural: no import back into it). */
interface Layer {
  image: RawImage;
  fill?: Rgb;
  key: string;
  left: number;
  top: number;
}

/** The tiled encoder under test: encodeSpliced in jpeg-tiles.ts, or a broken one in tests. */
export type SpliceEncoder = (
  base: RawImage,
  baseKey: string,
  layers: readonly Layer[],
  quality: number,
  encode: (image: RawImage) => Promise<Buffer>,
) => Promise<Buffer>;

/** The composite as one image, encoded whole: the fallback, and the self-check's reference. */
export function encodeWhole(
  base: RawImage,
  layers: readonly Layer[],
  encode: (image: RawImage) => Promise<Buffer>,
): Promise<Buffer> {
  const whole: RawImage = { ...base, data: Buffer.from(base.data) };
  for (const layer of layers) blendInto(whole, layer.image, layer.left, layer.top, layer.fill);
  return encode(whole);
}

/** Deterministic busy pixels: smooth areas alone would not exercise every Huffman code length. */
function pattern(width: number, height: number, channels: 3 | 4, seed: number): RawImage {
  const data = Buffer.alloc(width * height * channels);
  let x = seed;
  for (let i = 0; i < data.length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = (i * 7 + (x >>> 24)) & 0xff;
  }
  return { data, width, height, channels };
}

/**
 * Encodes a synthetic base, then the same base under a layer (so segments of two encodes are
 * spliced), and compares both with whole encodes. Resolves with why they differ, or undefined.
 */
export async function tiledJpegMismatch(
  splice: SpliceEncoder,
  quality: number,
  encode: (image: RawImage) => Promise<Buffer> = (image) => encodeJpeg(image, quality),
): Promise<string | undefined> {
  const base = pattern(160, 96, 3, 1);
  const layer: Layer = { image: pattern(40, 30, 4, 2), key: 'self-check-layer', left: 37, top: 21 };
  const baseKey = `jpeg-self-check-${Date.now()}-${Math.random()}`;
  try {
    for (const layers of [[], [layer]]) {
      const [tiled, whole] = await Promise.all([
        splice(base, baseKey, layers, quality, encode).then(decodeRgba),
        encodeWhole(base, layers, encode).then(decodeRgba),
      ]);
      if (!tiled.data.equals(whole.data)) return `spliced pixels differ (${layers.length} layer(s))`;
    }
    return undefined;
  } catch (err) {
    return `tiled encode failed: ${(err as Error).message}`;
  }
}

const verdicts = new Map<number, Promise<boolean>>();

/** Whether tiling may be used at this quality; runs the self-check on first use. */
export function tiledJpegVerified(
  splice: SpliceEncoder,
  quality: number,
  encode?: (image: RawImage) => Promise<Buffer>,
): Promise<boolean> {
  let verdict = verdicts.get(quality);
  if (!verdict) {
    verdict = tiledJpegMismatch(splice, quality, encode).then((mismatch) => {
      if (mismatch)
        logger.warn(
          { quality, mismatch },
          'tiled JPEG self-check failed with this sharp/libvips: tiling is off, renders are encoded whole',
        );
      return mismatch === undefined;
    });
    verdicts.set(quality, verdict);
  }
  return verdict;
}

/** Forgets the verdicts (tests). */
export function resetJpegSelfCheck(): void {
  verdicts.clear();
}
