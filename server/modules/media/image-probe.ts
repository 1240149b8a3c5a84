import sharp, { type Metadata } from 'sharp';
import { PayloadTooLargeError, ValidationError } from '../../lib/errors.js';

/** This file owns sharp for the media module: probing uploads and rasterising generated artwork. */

export interface ImageInfo {
  format: string;
  width: number;
  height: number;
}

const sniffedFormats: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * Reads an image's header, refuses one that declares more pixels than allowed (an image bomb)
 * before anything is decoded, then decodes a thumbnail so a truncated or corrupt file is refused too.
 */
export async function probeImage(
  buffer: Buffer,
  contentType: string,
  maxPixels: number,
  field: string,
): Promise<ImageInfo> {
  const unreadable = () =>
    new ValidationError(`The ${field} is not a readable image.`, [
      { field, message: 'is not a readable image' },
    ]);
  let meta: Metadata;
  try {
    // Header only: the pixel limit is checked below, so a bomb gets a 413 that says so.
    meta = await sharp(buffer, { limitInputPixels: false }).metadata();
  } catch {
    throw unreadable();
  }
  const { width, height, format } = meta;
  if (!width || !height || !format) throw unreadable();
  if (width * height > maxPixels) {
    throw new PayloadTooLargeError(
      `The ${field} is ${width}×${height} pixels; the limit is ${maxPixels} pixels.`,
      [{ field, message: `has too many pixels (${width}×${height}; at most ${maxPixels})` }],
    );
  }
  if (sniffedFormats[contentType] !== format) throw unreadable();
  try {
    await sharp(buffer, { limitInputPixels: maxPixels, failOn: 'error' })
      .resize(16, 16, { fit: 'inside' })
      .toBuffer();
  } catch {
    throw unreadable();
  }
  return { format, width, height };
}

/** Turns trusted, generated SVG (demo logos and photos) into a PNG. */
export async function rasterizeSvg(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}
