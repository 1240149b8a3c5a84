import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeWhole,
  resetJpegSelfCheck,
  type SpliceEncoder,
  tiledJpegMismatch,
  tiledJpegVerified,
} from '../../../server/modules/rendering/jpeg-self-check.js';
import { encodeSpliced, encodeTiled } from '../../../server/modules/rendering/jpeg-tiles.js';
import { encodeJpeg, type RawImage } from '../../../server/modules/rendering/sharp.js';

const image = (width: number, height: number, channels: 3 | 4, seed: number): RawImage => {
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < data.length; i += 1) data[i] = (i * 31 + seed * 17 + ((i / width) | 0) * 3) & 0xff;
  return { data, width, height, channels };
};
const base = image(320, 160, 3, 1);
const layers = [{ image: image(60, 40, 4, 2), key: 'layer', left: 50, top: 30 }];
const decode = (jpeg: Buffer) => sharp(jpeg).raw().toBuffer();
const hasRestartMarkers = (jpeg: Buffer) => jpeg.includes(Buffer.from([0xff, 0xdd]));

/** A splice that flips bits in the entropy-coded data, as a changed encoder could. */
const corrupted: SpliceEncoder = async (...args) => {
  const out = Buffer.from(await encodeSpliced(...args));
  for (let i = out.length - 200; i < out.length - 100; i += 7) {
    const byte = out[i]!;
    if (byte < 0xf0) out[i] = byte ^ 0x0f;
  }
  return out;
};

afterEach(() => resetJpegSelfCheck());

describe('tiled JPEG safety', () => {
  it('with the installed sharp/libvips, spliced output decodes to the pixels of a whole encode', async () => {
    expect(await tiledJpegMismatch(encodeSpliced, 85)).toBeUndefined();
    expect(await tiledJpegVerified(encodeSpliced, 85)).toBe(true);
    expect(hasRestartMarkers(await encodeTiled(base, 'safety-a', layers, 85, (c) => encodeJpeg(c, 85)))).toBe(
      true,
    );
  });

  it('the self-check detects a corrupted splice, and tiling is then switched off', async () => {
    expect(await tiledJpegMismatch(corrupted, 84)).toMatch(/differ|failed/);
    expect(await tiledJpegVerified(corrupted, 84)).toBe(false);
    const encode = (c: RawImage) => encodeJpeg(c, 84);
    const out = await encodeTiled(base, 'safety-b', layers, 84, encode);
    expect(hasRestartMarkers(out)).toBe(false);
    expect(out.equals(await encodeWhole(base, layers, encode))).toBe(true);
  });

  it('when an encode cannot be parsed (e.g. progressive), the render falls back to a whole encode', async () => {
    expect(await tiledJpegVerified(encodeSpliced, 85)).toBe(true);
    const progressive = ({ data, width, height, channels }: RawImage) =>
      sharp(data, { raw: { width, height, channels } }).jpeg({ quality: 85, progressive: true }).toBuffer();
    const out = await encodeTiled(base, 'safety-c', layers, 85, progressive);
    const whole = await encodeWhole(base, layers, progressive);
    expect((await decode(out)).equals(await decode(whole))).toBe(true);
    expect(hasRestartMarkers(out)).toBe(false);
  });
});
