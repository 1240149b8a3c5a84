import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeJpeg, type RawImage } from '../../../server/lib/sharp.js';
import { blendInto } from '../../../server/modules/rendering/blend.js';
import { assemble, cutCrop } from '../../../server/modules/rendering/jpeg-segments.js';
import { encodeTiled, tilingFor } from '../../../server/modules/rendering/jpeg-tiles.js';

const noise = async (width: number, height: number, channels: 3 | 4): Promise<RawImage> => {
  const { data } = await sharp({
    create: {
      width,
      height,
      channels,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width, height, channels };
};
const decode = (jpeg: Buffer) => sharp(jpeg).raw().toBuffer();

describe('JPEG by tiles', () => {
  it('cuts a JPEG into restart segments that decode to the very same pixels', async () => {
    const image = await noise(1080, 1080, 3);
    const plain = await encodeJpeg(image, 85);
    const tiling = tilingFor(1080, 1080);
    const cut = cutCrop(plain, tiling, tiling.cols, tiling.rows, 1080, 1080);
    const spliced = assemble(cut.header, cut.tiles);
    expect((await decode(spliced)).equals(await decode(plain))).toBe(true);
  });

  it('re-encodes only what a layer changes, and gives the pixels of encoding the whole', async () => {
    const base = await noise(1200, 630, 3);
    for (const [key, left, top] of [
      ['a', 652, 60],
      ['b', 652, 60],
      ['c', 3, 500],
    ] as const) {
      const layer = await noise(498, 130, 4);
      const tiled = await encodeTiled(base, 'base', [{ image: layer, key, left, top }], 85, (c) =>
        encodeJpeg(c, 85),
      );
      const whole = { ...base, data: Buffer.from(base.data) };
      blendInto(whole, layer, left, top);
      expect((await decode(tiled)).equals(await decode(await encodeJpeg(whole, 85)))).toBe(true);
    }
  });
});
