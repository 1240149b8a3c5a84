import { PermanentError } from './adapter-errors.js';
import { captionRules } from './caption-rules.js';
import type { ImagePost, Platform, PlatformLimits } from './platform.types.js';

interface ImageInfo {
  mime: string;
  width?: number;
  height?: number;
}

/** Reads the real type (and, for PNG, GIF and JPEG, the size) from the bytes, not from the label. */
export function sniffImage(bytes: Buffer): ImageInfo | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { mime: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.toString('ascii', 0, 4) === 'GIF8') {
    return { mime: 'image/gif', width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    return { mime: 'image/jpeg', ...jpegSize(bytes) };
  }
  return undefined;
}

function jpegSize(bytes: Buffer): { width?: number; height?: number } {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return {};
    const marker = bytes[i + 1]!;
    const length = bytes.readUInt16BE(i + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  return {};
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Rejects, before any call (the caption counted by the platform's caption rule), what the platform would refuse or silently alter:
 * too long a text, too big an image, a type it does not take.
 */
export function checkPostAgainst(
  platform: Platform,
  limits: PlatformLimits,
  post: Omit<ImagePost, 'credentials'>,
): void {
  const fail = (code: string, reason: string) => {
    throw new PermanentError({ platform, code, reason });
  };
  const length = captionRules[platform].count(post.caption, post.link);
  if (length > limits.captionMaxChars) {
    fail(
      'caption_too_long',
      `The text is ${length} characters long; ${platform} accepts at most ${limits.captionMaxChars}. Shorten it by ${length - limits.captionMaxChars} characters.`,
    );
  }
  if (post.image.length === 0) fail('image_missing', 'The image is empty.');
  if (post.image.length > limits.imageMaxBytes) {
    fail(
      'image_too_large',
      `The image weighs ${mb(post.image.length)}; ${platform} accepts at most ${mb(limits.imageMaxBytes)}.`,
    );
  }
  const info = sniffImage(post.image);
  if (!info || !limits.imageMimes.includes(info.mime)) {
    fail(
      'image_type_unsupported',
      `The image is ${info?.mime ?? 'not a recognised image'}; ${platform} accepts ${limits.imageMimes.join(', ')}.`,
    );
  }
  if (info && info.mime !== post.mime) {
    fail('image_type_mismatch', `The image is labelled ${post.mime} but its content is ${info.mime}.`);
  }
  if (
    limits.imageMaxPixels &&
    info?.width &&
    info.height &&
    info.width * info.height > limits.imageMaxPixels
  ) {
    fail(
      'image_too_many_pixels',
      `The image is ${info.width}×${info.height} pixels; ${platform} accepts at most ${limits.imageMaxPixels} pixels.`,
    );
  }
}
