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
import { blendInto } from './blend.js';
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

interface HuffTable {
  /** By the next 10 bits of the stream: code length << 8 | symbol, for codes up to 10 bits. */
  fast: Uint16Array;
  /** Longer codes, by length: the largest code, and where that length's symbols start. */
  maxCode: Int32Array;
  offset: Int32Array;
  symbols: Uint8Array;
  /** By symbol: code and length, to write DC differences. */
  codes: Uint16Array;
  lengths: Uint8Array;
}

const tableCache = new Map<string, HuffTable>();
const FAST_BITS = 10;

function buildTable(counts: Uint8Array, symbols: Uint8Array): HuffTable {
  const key = `${Buffer.from(counts).toString('hex')}:${Buffer.from(symbols).toString('hex')}`;
  const known = tableCache.get(key);
  if (known) return known;
  // Small tables stay in cache: a 10-bit lookup, then a search by length for longer codes.
  const fast = new Uint16Array(1 << FAST_BITS);
  const maxCode = new Int32Array(17).fill(-1);
  const offset = new Int32Array(17);
  const codes = new Uint16Array(256);
  const lengths = new Uint8Array(256);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len += 1) {
    offset[len] = k - code;
    for (let i = 0; i < counts[len - 1]!; i += 1) {
      const symbol = symbols[k++]!;
      codes[symbol] = code;
      lengths[symbol] = len;
      if (len <= FAST_BITS) {
        const shift = FAST_BITS - len;
        fast.fill((len << 8) | symbol, code << shift, (code + 1) << shift);
      }
      code += 1;
    }
    maxCode[len] = code - 1;
    code <<= 1;
  }
  const table = { fast, maxCode, offset, symbols: Uint8Array.from(symbols), codes, lengths };
  tableCache.set(key, table);
  return table;
}

/** The parts of a baseline JPEG this module needs. */
interface Parsed {
  /** Everything before the SOS segment, and the SOS segment itself. */
  head: Buffer;
  sos: Buffer;
  sofOffset: number;
  /** Entropy-coded data with byte stuffing removed, padded with 1 bits. */
  bits: Uint8Array;
  bitLength: number;
  /** Per scan component: blocks per MCU, DC and AC tables. */
  comps: { blocks: number; dc: HuffTable; ac: HuffTable }[];
}

function parse(jpeg: Buffer): Parsed {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  let p = 2;
  const dcTables: HuffTable[] = [];
  const acTables: HuffTable[] = [];
  const sampling = new Map<number, number>();
  let sofOffset = -1;
  for (;;) {
    if (jpeg[p] !== 0xff) throw new Error('JPEG marker expected');
    const marker = jpeg[p + 1]!;
    const len = jpeg.readUInt16BE(p + 2);
    const body = p + 4;
    if (marker === 0xc0) {
      sofOffset = p;
      const n = jpeg[body + 5]!;
      for (let i = 0; i < n; i += 1) {
        const hv = jpeg[body + 6 + i * 3 + 1]!;
        sampling.set(jpeg[body + 6 + i * 3]!, (hv >> 4) * (hv & 15));
      }
    } else if (marker === 0xc4) {
      let q = body;
      while (q < p + 2 + len) {
        const tc = jpeg[q]! >> 4;
        const th = jpeg[q]! & 15;
        const counts = jpeg.subarray(q + 1, q + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const table = buildTable(counts, jpeg.subarray(q + 17, q + 17 + total));
        (tc === 0 ? dcTables : acTables)[th] = table;
        q += 17 + total;
      }
    } else if (marker === 0xdd || (marker >= 0xc1 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8)) {
      throw new Error('only baseline JPEG without restart markers can be tiled');
    } else if (marker === 0xda) {
      const n = jpeg[body]!;
      if (n !== sampling.size || sofOffset < 0) throw new Error('interleaved scan expected');
      const comps = [];
      for (let i = 0; i < n; i += 1) {
        const id = jpeg[body + 1 + i * 2]!;
        const tables = jpeg[body + 2 + i * 2]!;
        comps.push({ blocks: sampling.get(id)!, dc: dcTables[tables >> 4]!, ac: acTables[tables & 15]! });
      }
      const start = p + 2 + len;
      // The entropy-coded data runs to the EOI marker at the end.
      const end = jpeg.length - 2;
      const bits = new Uint8Array(end - start + 8).fill(0xff);
      let o = 0;
      for (let i = start; i < end; i += 1) {
        const b = jpeg[i]!;
        bits[o++] = b;
        if (b === 0xff) i += 1; // a stuffed zero byte follows
      }
      return {
        head: jpeg.subarray(0, p),
        sos: jpeg.subarray(p, p + 2 + len),
        sofOffset,
        bits,
        bitLength: o * 8,
        comps,
      };
    }
    p += 2 + len;
  }
}

/** The next 16 bits at a bit position (the buffer is padded, so reading past the end is safe). */
const peek16 = (bits: Uint8Array, pos: number) => {
  const i = pos >>> 3;
  return (((bits[i]! << 16) | (bits[i + 1]! << 8) | bits[i + 2]!) >>> (8 - (pos & 7))) & 0xffff;
};

class BitWriter {
  private out: Uint8Array;
  private n = 0;
  private acc = 0;
  private count = 0;

  constructor(capacity: number) {
    this.out = new Uint8Array(capacity);
  }

  write(value: number, len: number): void {
    // len ≤ 16 and at most 7 bits wait in acc: never more than 23 bits.
    this.acc = ((this.acc << len) | (value & ((1 << len) - 1))) >>> 0;
    this.count += len;
    while (this.count >= 8) {
      this.count -= 8;
      const byte = (this.acc >>> this.count) & 0xff;
      if (this.n + 2 > this.out.length) {
        const bigger = new Uint8Array(this.out.length * 2 + 16);
        bigger.set(this.out);
        this.out = bigger;
      }
      this.out[this.n++] = byte;
      if (byte === 0xff) this.out[this.n++] = 0;
    }
    this.acc &= (1 << this.count) - 1;
  }

  copy(bits: Uint8Array, from: number, to: number): void {
    let pos = from;
    while (to - pos >= 16) {
      this.write(peek16(bits, pos), 16);
      pos += 16;
    }
    if (to > pos) this.write(peek16(bits, pos) >>> (16 - (to - pos)), to - pos);
  }

  /** Pads the last byte with 1 bits, as before a restart marker or the end. */
  finish(): Buffer {
    if (this.count > 0) this.write(0x7f, 8 - this.count);
    return Buffer.from(this.out.buffer, this.out.byteOffset, this.n);
  }
}

const extend = (v: number, s: number) => (s === 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v);

/**
 * Cuts a JPEG of `cols`×`rows` MCUs into segments of `interval` MCUs, each standing alone
 * (DC predictors from 0, padded to a byte), in raster order.
 */
function segments(parsed: Parsed, count: number, interval: number): Buffer[] {
  const { bits, comps } = parsed;
  const out: Buffer[] = [];
  const preds = new Int32Array(comps.length);
  let pos = 0;
  let writer: BitWriter | undefined;
  let copied = 0;
  const decodeSymbol = (table: HuffTable) => {
    const next = peek16(bits, pos);
    const entry = table.fast[next >>> (16 - FAST_BITS)]!;
    if (entry !== 0) {
      pos += entry >>> 8;
      return entry & 0xff;
    }
    for (let len = FAST_BITS + 1; len <= 16; len += 1) {
      const code = next >>> (16 - len);
      if (code <= table.maxCode[len]!) {
        pos += len;
        return table.symbols[table.offset[len]! + code]!;
      }
    }
    throw new Error('bad Huffman code');
  };
  const readBits = (s: number) => {
    const v = peek16(bits, pos) >>> (16 - s);
    pos += s;
    return v;
  };
  for (let m = 0; m < count; m += 1) {
    const first = m % interval === 0;
    if (first) {
      if (writer) {
        writer.copy(bits, copied, pos);
        out.push(writer.finish());
      }
      writer = new BitWriter(1024);
      copied = pos;
    }
    for (let c = 0; c < comps.length; c += 1) {
      const comp = comps[c]!;
      for (let b = 0; b < comp.blocks; b += 1) {
        const dcStart = pos;
        const s = decodeSymbol(comp.dc);
        const diff = s ? extend(readBits(s), s) : 0;
        const dc = preds[c]! + diff;
        preds[c] = dc;
        if (first && b === 0) {
          // After a restart the predictor is 0: the difference is the DC value itself.
          writer!.copy(bits, copied, dcStart);
          const magnitude = Math.abs(dc);
          const size = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude);
          writer!.write(comp.dc.codes[size]!, comp.dc.lengths[size]!);
          if (size) writer!.write(dc < 0 ? dc + (1 << size) - 1 : dc, size);
          copied = pos;
        }
        for (let k = 1; k < 64; ) {
          const rs = decodeSymbol(comp.ac);
          const r = rs >> 4;
          const sz = rs & 15;
          if (sz === 0) {
            if (r !== 15) break;
            k += 16;
          } else {
            k += r;
            pos += sz;
            k += 1;
          }
        }
      }
    }
    if (pos > parsed.bitLength) throw new Error('JPEG data ended early');
  }
  if (writer) {
    writer.copy(bits, copied, pos);
    out.push(writer.finish());
  }
  return out;
}

/** An encoded crop of the image, on segment boundaries: its segments, by tile. */
export interface EncodedCrop {
  /** Head of the file (markers before SOS, with the full image's size) and the SOS segment. */
  header: Buffer;
  /** Segments of the crop in raster order. */
  tiles: Buffer[];
}

/**
 * Cuts a JPEG that encodes a crop of the image (aligned on segments) into its segments,
 * and gives the header for the whole image (restart interval set).
 */
export function cutCrop(
  jpeg: Buffer,
  tiling: Tiling,
  cropCols: number,
  cropRows: number,
  width: number,
  height: number,
): EncodedCrop {
  const parsed = parse(jpeg);
  const tiles = segments(parsed, cropCols * cropRows, tiling.interval);
  if (tiles.length !== (cropCols / tiling.interval) * cropRows) throw new Error('segment count mismatch');
  const head = Buffer.from(parsed.head);
  // SOF0: length(2) precision(1) height(2) width(2)
  head.writeUInt16BE(height, parsed.sofOffset + 5);
  head.writeUInt16BE(width, parsed.sofOffset + 7);
  const dri = Buffer.from([0xff, 0xdd, 0x00, 0x04, tiling.interval >> 8, tiling.interval & 0xff]);
  return { header: Buffer.concat([head, dri, parsed.sos]), tiles };
}

/** The whole file: header, segments separated by RST0..RST7 in turn, EOI. */
export function assemble(header: Buffer, tiles: readonly Buffer[]): Buffer {
  let size = header.length + 2 + (tiles.length - 1) * 2;
  for (const t of tiles) size += t.length;
  const out = Buffer.allocUnsafe(size);
  // TypedArray#set: Buffer#copy's argument checks cost more than copying a small segment.
  out.set(header, 0);
  let o = header.length;
  for (let i = 0; i < tiles.length; i += 1) {
    const tile = tiles[i]!;
    if (i > 0) {
      out[o++] = 0xff;
      out[o++] = 0xd0 + ((i - 1) % 8);
    }
    out.set(tile, o);
    o += tile.length;
  }
  out[o++] = 0xff;
  out[o++] = 0xd9;
  return out;
}

/** A layer drawn over the base: its pixels (keyed by their inputs) and where they go. */
export interface PlacedLayer {
  image: RawImage;
  key: string;
  left: number;
  top: number;
}

/** Segments by base key, quality and the keys of the layers over them; bounded by bytes. */
const TILE_CACHE_BYTES = 32 * 1024 * 1024;
/** By group (the segments under the same layers): the group's segments by index. */
const tileCache = new Map<string, { tiles: Map<number, Buffer>; bytes: number }>();
let tileBytes = 0;
const headers = new Map<string, Buffer>();

function remember(key: string, index: number, tile: Buffer): void {
  let group = tileCache.get(key);
  if (group) tileCache.delete(key);
  else group = { tiles: new Map(), bytes: key.length };
  tileCache.set(key, group);
  const old = group.tiles.get(index);
  const delta = tile.length + 16 - (old ? old.length + 16 : 0);
  group.tiles.set(index, tile);
  group.bytes += delta;
  tileBytes += delta;
  while (tileBytes > TILE_CACHE_BYTES && tileCache.size > 1) {
    const [oldest, value] = tileCache.entries().next().value!;
    tileCache.delete(oldest);
    tileBytes -= value.bytes;
  }
}

/**
 * A JPEG of the base with the layers over it, re-encoding only the segments whose inputs
 * changed since they were last encoded. Same pixels as encoding the whole composite.
 */
export async function encodeTiled(
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
    for (const layer of layers) blendInto(crop, layer.image, layer.left - x0, layer.top - y0);
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
