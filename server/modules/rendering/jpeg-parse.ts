/** Reading a baseline JPEG's tables and entropy-coded data, for jpeg-segments.ts. */

/** The JPEG is not one the tiled path can cut (another encoder, mode or a library change). */
export class JpegParseError extends Error {
  override name = 'JpegParseError';
}

export interface HuffTable {
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
export const FAST_BITS = 10;

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
export interface Parsed {
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

export function parse(jpeg: Buffer): Parsed {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new JpegParseError('not a JPEG');
  let p = 2;
  const dcTables: HuffTable[] = [];
  const acTables: HuffTable[] = [];
  const sampling = new Map<number, number>();
  let sofOffset = -1;
  for (;;) {
    if (jpeg[p] !== 0xff) throw new JpegParseError('JPEG marker expected');
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
      throw new JpegParseError('only baseline JPEG without restart markers can be tiled');
    } else if (marker === 0xda) {
      const n = jpeg[body]!;
      if (n !== sampling.size || sofOffset < 0) throw new JpegParseError('interleaved scan expected');
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
export const peek16 = (bits: Uint8Array, pos: number) => {
  const i = pos >>> 3;
  return (((bits[i]! << 16) | (bits[i + 1]! << 8) | bits[i + 2]!) >>> (8 - (pos & 7))) & 0xffff;
};
