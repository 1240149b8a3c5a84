import { deflateSync } from 'node:zlib';
import sharpLib from 'sharp';
import { describe, expect, it } from 'vitest';
import { normaliseImage } from '../../../server/lib/sharp.js';

const limits = { maxBytes: 5 * 1024 * 1024, maxPixels: 40_000_000 };

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A valid PNG header declaring 20000×20000 pixels, followed by a tiny body: a decompression bomb. */
function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(20_000, 0);
  ihdr.writeUInt32BE(20_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(60_001))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('uploaded images', () => {
  it('an image bomb is refused from its header, before decoding', async () => {
    await expect(normaliseImage(pngBomb(), 'photo', limits)).rejects.toMatchObject({ status: 413 });
  });

  it('a file that is not an image is refused by its content, whatever its name', async () => {
    const fake = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
    );
    await expect(normaliseImage(fake, 'photo', limits)).rejects.toMatchObject({ status: 415 });
  });

  it('an upload over the byte limit is refused', async () => {
    await expect(normaliseImage(Buffer.alloc(6 * 1024 * 1024, 0xff), 'photo', limits)).rejects.toMatchObject({
      status: 413,
    });
  });

  it('a photo is re-encoded upright, without EXIF or GPS', async () => {
    const source = await sharpLib({ create: { width: 60, height: 40, channels: 3, background: '#c33' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { Copyright: 'secret' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 24/1 0/1' },
      })
      .toBuffer();
    const out = await normaliseImage(source, 'photo', limits);
    const meta = await sharpLib(out.data).metadata();
    expect([meta.width, meta.height]).toEqual([40, 60]);
    expect(meta.exif).toBeUndefined();
    expect(out.mime).toBe('image/jpeg');
  });
});
