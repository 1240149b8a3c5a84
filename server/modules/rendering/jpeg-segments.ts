/**
 * Restart segments of a baseline JPEG: cutting an encoded crop into segments that stand
 * alone (the first DC difference of each rewritten, every other bit copied), and putting
 * a whole file together from segments. See jpeg-tiles.ts for why this is exact.
 */
import { FAST_BITS, type HuffTable, JpegParseError, type Parsed, parse, peek16 } from './jpeg-parse.js';
import type { Tiling } from './jpeg-tiles.js';

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
    throw new JpegParseError('bad Huffman code');
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
    if (pos > parsed.bitLength) throw new JpegParseError('JPEG data ended early');
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
  if (tiles.length !== (cropCols / tiling.interval) * cropRows)
    throw new JpegParseError('segment count mismatch');
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
