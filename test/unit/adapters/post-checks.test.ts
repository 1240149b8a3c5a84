import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../server/modules/channels/adapters/adapter-errors.js';
import { createFacebookAdapter } from '../../../server/modules/channels/adapters/facebook/facebook.adapter.js';
import { createLinkedInAdapter } from '../../../server/modules/channels/adapters/linkedin/linkedin.adapter.js';
import { sniffImage } from '../../../server/modules/channels/adapters/post-checks.js';

const settings = { apiUrl: 'http://127.0.0.1:9', oauthUrl: 'http://127.0.0.1:9', apiVersion: 'v25.0' };
const facebook = createFacebookAdapter(settings);
const linkedin = createLinkedInAdapter({ ...settings, apiVersion: '202607' });

function png(width: number, height: number, size = 64): Buffer {
  const b = Buffer.alloc(Math.max(size, 24));
  b.writeUInt32BE(0x89504e47, 0);
  b.writeUInt32BE(0x0d0a1a0a, 4);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

const jpeg = Buffer.from([
  0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x02, 0x76, 0x04, 0xb0, 0x03, 0, 0, 0, 0, 0, 0,
]);

function rejection(fn: () => void): PermanentError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PermanentError) return err;
    throw err;
  }
  throw new Error('expected a PermanentError');
}

describe('post checks before any call', () => {
  it('reads the real type and size of PNG and JPEG images', () => {
    expect(sniffImage(png(1200, 630))).toEqual({ mime: 'image/png', width: 1200, height: 630 });
    expect(sniffImage(jpeg)).toEqual({ mime: 'image/jpeg', width: 1200, height: 630 });
    expect(sniffImage(Buffer.from('GIF89a\x10\x00\x20\x00', 'latin1'))).toMatchObject({
      mime: 'image/gif',
      width: 16,
      height: 32,
    });
  });

  it('when the LinkedIn text is over 3,000 characters, it names the limit and the excess', () => {
    const err = rejection(() =>
      linkedin.checkPost({ caption: 'a'.repeat(3001), image: png(10, 10), mime: 'image/png' }),
    );
    expect(err.code).toBe('caption_too_long');
    expect(err.reason).toMatch(/3001.*3000.*by 1/);
  });

  it('counts the appended link in the text length', () => {
    const err = rejection(() =>
      linkedin.checkPost({
        caption: 'a'.repeat(2990),
        link: 'https://example.org/x',
        image: png(10, 10),
        mime: 'image/png',
      }),
    );
    expect(err.code).toBe('caption_too_long');
  });

  it('accepts a LinkedIn text of exactly 3,000 characters full of reserved characters', () => {
    expect(() =>
      linkedin.checkPost({ caption: '(*)'.repeat(1000), image: png(10, 10), mime: 'image/png' }),
    ).not.toThrow();
  });

  it('when the Facebook caption is over 63,206 characters, it is refused', () => {
    const err = rejection(() =>
      facebook.checkPost({ caption: 'é'.repeat(63_207), image: png(10, 10), mime: 'image/png' }),
    );
    expect(err.code).toBe('caption_too_long');
  });

  it('when the image is 4 MB or more, Facebook refuses it before the call', () => {
    const err = rejection(() =>
      facebook.checkPost({ caption: 'x', image: png(10, 10, 4 * 1024 * 1024), mime: 'image/png' }),
    );
    expect(err.code).toBe('image_too_large');
    expect(err.reason).toMatch(/4\.0 MB/);
  });

  it('refuses a GIF on Facebook, a mislabelled image, and too many pixels on LinkedIn', () => {
    const gif = Buffer.from('GIF89a\x10\x00\x20\x00', 'latin1');
    expect(rejection(() => facebook.checkPost({ caption: 'x', image: gif, mime: 'image/gif' })).code).toBe(
      'image_type_unsupported',
    );
    expect(
      rejection(() => facebook.checkPost({ caption: 'x', image: png(10, 10), mime: 'image/jpeg' })).code,
    ).toBe('image_type_mismatch');
    expect(
      rejection(() => linkedin.checkPost({ caption: 'x', image: png(8000, 8000), mime: 'image/png' })).code,
    ).toBe('image_too_many_pixels');
  });
});

describe('one caption rule', () => {
  it('the adapters take their limits from the caption rules and count as they do (an emoji is 2)', async () => {
    const { captionRules } = await import('../../../server/modules/channels/adapters/caption-rules.js');
    expect(linkedin.limits.captionMaxChars).toBe(captionRules.linkedin.maxChars);
    expect(facebook.limits.captionMaxChars).toBe(captionRules.facebook.maxChars);
    const festive = `${'a'.repeat(2980)}${'🎉'.repeat(20)}`;
    expect(captionRules.linkedin.count(festive)).toBe(3020);
    const err = rejection(() =>
      linkedin.checkPost({ caption: festive, image: png(10, 10), mime: 'image/png' }),
    );
    expect(err.code).toBe('caption_too_long');
  });
});
