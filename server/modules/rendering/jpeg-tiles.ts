/**
 * JPEG by tiles: a baseline JPEG with restart markers, whose entropy-coded segments (a few
 * MCUs each) are cached by what their pixels depend on. A render re-encodes only the tiles
 * its changed layers touch and splices them between cached ones.
 *
 * Why this is exact: with 4:2:0 subsampling and no smoothing, an MCU's coefficients depend
 * only on its own 16×16 pixels (and on the image edge it shares, which a crop keeps), so a
 * crop aligned on MCUs encodes each of its MCUs as the whole image would. The standard
 * Huffman tables (optimiseCoding off) make every encode's tables the same, and a restart
 * marker resets the DC predictors and byte-aligns the stream, so segments are independent.
 * Here the crop is encoded without restart markers (sharp cannot ask for them) and cut into
 * segments by decoding its Huffman codes: only the first DC difference of each component in
 * a segment is rewritten (the predictor restarts from 0), every other bit is copied.
 */
import { sharedCache } from '../../lib/cache.js';
import { logger } from '../../lib/logger.js';
import { blendInto, type Rgb } from './blend.js';
import { JpegParseError } from './jpeg-parse.js';
import { assemble, cutCrop } from './jpeg-segments.js';
import { encodeWhole, tiledJpegVerified } from './jpeg-self-check.js';
import type { RawImage } from './sharp.js';

export interface Tiling {
  /** MCU size in pixels, and the number of MCUs across and down. */
  mcuW: number;
  mcuH: number;
  cols: number;
  rows: number;
  /** MCUs per segment (the restart interval); divides `cols`, so segments never wrap a row. */
  interval: number;
}

export function tilingFor(width: number, height: number): Tiling {
  const mcuW = 16;
  const mcuH = 16;
  const cols = Math.ceil(width / mcuW);
  const rows = Math.ceil(height / mcuH);
  // Small segments re-encode little around a change; each costs ~2.5 bytes of marker and padding.
  let interval = 1;
  for (let d = 8; d >= 1; d -= 1) {
    if (cols % d === 0) {
      interval = d;
      break;
    }
  }
  return { mcuW, mcuH, cols, rows, interval };
}

/** A layer drawn over the base: its pixels (keyed by their inputs) and where they go. */
export interface PlacedLayer {
  /** RGBA, or a coverage mask drawn in `fill` (text). */
  image: RawImage;
  fill?: Rgb;
  key: string;
  left: number;
  top: number;
}

interface TileGroup {
  tiles: Map<number, Buffer>;
  bytes: number;
}

/**
 * Segments by base key, quality and the keys of the layers over them, one entry per group
 * (the segments under the same layers), in the process's shared cache budget (CACHE_MB).
 */
const tileCache = sharedCache<TileGroup>('jpeg-tiles', (group) => group.bytes);
const headers = new Map<string, Buffer>();

function remember(key: string, index: number, tile: Buffer): void {
  const group = tileCache.peek(key)?.value ?? { tiles: new Map(), bytes: key.length };
  const old = group.tiles.get(index);
  group.tiles.set(index, tile);
  group.bytes += tile.length + 16 - (old ? old.length + 16 : 0);
  // Set again so that the cache weighs the group as it is now.
  tileCache.set(key, group);
}

/**
 * A JPEG of the base with the layers over it, re-encoding only the segments whose inputs
 * changed since they were last encoded. Same pixels as encoding the whole composite, which
 * it falls back to when the self-check failed (jpeg-self-check.ts) or an encode cannot be cut.
 */
export async function encodeTiled(
  base: RawImage,
  baseKey: string,
  layers: readonly PlacedLayer[],
  quality: number,
  encode: (image: RawImage) => Promise<Buffer>,
): Promise<Buffer> {
  if (!(await tiledJpegVerified(encodeSpliced, quality, encode))) return encodeWhole(base, layers, encode);
  try {
    return await encodeSpliced(base, baseKey, layers, quality, encode);
  } catch (err) {
    if (!(err instanceof JpegParseError)) throw err;
    logger.warn({ err: err.message, baseKey }, 'tiled JPEG could not be cut: encoded whole instead');
    return encodeWhole(base, layers, encode);
  }
}

/** The splicing itself; throws JpegParseError when an encode is not one it can cut. */
export async function encodeSpliced(
  base: RawImage,
  baseKey: string,
  layers: readonly PlacedLayer[],
  quality: number,
  encode: (image: RawImage) => Promise<Buffer>,
): Promise<Buffer> {
  const { width, height } = base;
  const tiling = tilingFor(width, height);
  const segW = tiling.interval * tiling.mcuW;
  const perRow = tiling.cols / tiling.interval;
  const total = perRow * tiling.rows;
  const suffix: string[] = new Array(total).fill('');
  for (const layer of layers) {
    const tx0 = Math.max(0, Math.floor(layer.left / segW));
    const tx1 = Math.min(perRow - 1, Math.floor((layer.left + layer.image.width - 1) / segW));
    const ty0 = Math.max(0, Math.floor(layer.top / tiling.mcuH));
    const ty1 = Math.min(tiling.rows - 1, Math.floor((layer.top + layer.image.height - 1) / tiling.mcuH));
    for (let ty = ty0; ty <= ty1; ty += 1)
      for (let tx = tx0; tx <= tx1; tx += 1) suffix[ty * perRow + tx] += `|${layer.key}`;
  }
  const prefix = `${baseKey}|${width}x${height}|q${quality}`;
  // Segments under the same layers share one cache entry: a few lookups per render.
  const groups = new Map<string, Map<number, Buffer> | undefined>();
  const tiles: (Buffer | undefined)[] = new Array(total);
  let [mx0, my0, mx1, my1] = [perRow, tiling.rows, -1, -1];
  for (let i = 0; i < total; i += 1) {
    const s = suffix[i]!;
    let group = groups.get(s);
    if (group === undefined && !groups.has(s)) {
      group = tileCache.get(prefix + s)?.tiles;
      groups.set(s, group);
    }
    const tile = group?.get(i);
    tiles[i] = tile;
    if (tile) continue;
    const tx = i % perRow;
    const ty = (i - tx) / perRow;
    mx0 = Math.min(mx0, tx);
    mx1 = Math.max(mx1, tx);
    my0 = Math.min(my0, ty);
    my1 = Math.max(my1, ty);
  }
  const headerKey = `${width}x${height}|q${quality}`;
  if (mx1 >= 0 || !headers.has(headerKey)) {
    if (mx1 < 0) [mx0, my0, mx1, my1] = [0, 0, 0, 0];
    // The crop of the composite that covers every missing segment, on segment boundaries.
    const x0 = mx0 * segW;
    const x1 = Math.min(width, (mx1 + 1) * segW);
    const y0 = my0 * tiling.mcuH;
    const y1 = Math.min(height, (my1 + 1) * tiling.mcuH);
    const cw = x1 - x0;
    const ch = y1 - y0;
    const crop: RawImage = { data: Buffer.allocUnsafe(cw * ch * 3), width: cw, height: ch, channels: 3 };
    for (let y = 0; y < ch; y += 1)
      crop.data.set(base.data.subarray(((y0 + y) * width + x0) * 3, ((y0 + y) * width + x1) * 3), y * cw * 3);
    for (const layer of layers) blendInto(crop, layer.image, layer.left - x0, layer.top - y0, layer.fill);
    const cut = cutCrop(
      await encode(crop),
      tiling,
      (mx1 - mx0 + 1) * tiling.interval,
      my1 - my0 + 1,
      width,
      height,
    );
    headers.set(headerKey, cut.header);
    let k = 0;
    for (let ty = my0; ty <= my1; ty += 1) {
      for (let tx = mx0; tx <= mx1; tx += 1, k += 1) {
        const i = ty * perRow + tx;
        tiles[i] = cut.tiles[k]!;
        remember(prefix + suffix[i]!, i, cut.tiles[k]!);
      }
    }
  }
  return assemble(headers.get(headerKey)!, tiles as Buffer[]);
}

/** Runs the tiling self-check at start-up (quality 85, the renderer's), so its warning shows early. */
export function verifyTiledJpeg(quality = 85): Promise<boolean> {
  return tiledJpegVerified(encodeSpliced, quality);
}
