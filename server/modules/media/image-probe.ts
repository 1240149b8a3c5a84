import { AppError, PayloadTooLargeError, UnsupportedMediaError, ValidationError } from '../../lib/errors.js';
import { HEIC_EXPORT_HINT } from '../../lib/heic.js';
import { inspectUpload, normaliseImage, svgToPng, type UploadLimits } from '../../lib/sharp.js';

/**
 * The media module's view of images. Sharp itself stays in server/lib/sharp.ts
 * (one owner, shared with rendering); this file turns its verdicts into errors naming the field.
 */
export interface PreparedImage {
  buffer: Buffer;
  contentType: string;
  width: number;
  height: number;
}

/** The type was already accepted from the bytes' signature, so any other failure means unreadable. */
function withField(err: unknown, field: string): AppError {
  if (err instanceof PayloadTooLargeError)
    return new PayloadTooLargeError(err.message, [{ field, message: err.message }]);
  if (err instanceof UnsupportedMediaError && err.message.includes(HEIC_EXPORT_HINT))
    return new UnsupportedMediaError(`The ${field} ${HEIC_EXPORT_HINT}.`, [
      { field, message: HEIC_EXPORT_HINT },
    ]);
  if (err instanceof AppError && !(err instanceof UnsupportedMediaError)) return err;
  return new ValidationError(`The ${field} is not a readable image.`, [
    { field, message: 'is not a readable image' },
  ]);
}

/**
 * Logos and photos are re-encoded on the way in: orientation applied, EXIF, GPS and
 * comments dropped, at most 2400 px a side (a phone's
 * 12 MB photo is downscaled), HEIC converted, SVG logos rasterised. Renders are ours: only their header is read.
 * Either way an image bomb is refused from its header, before anything is decoded.
 */
export async function prepareImage(
  buffer: Buffer,
  kind: 'logo' | 'photo' | 'render',
  field: string,
  limits: UploadLimits,
): Promise<PreparedImage> {
  try {
    if (kind === 'render') {
      const info = await inspectUpload(buffer, limits);
      return { buffer, contentType: info.mime, width: info.width, height: info.height };
    }
    const out = await normaliseImage(buffer, kind, limits);
    return { buffer: out.data, contentType: out.mime, width: out.width, height: out.height };
  } catch (err) {
    throw withField(err, field);
  }
}

/** Turns trusted, generated SVG (demo logos and photos) into a PNG. */
export function rasterizeSvg(svg: string): Promise<Buffer> {
  return svgToPng(svg);
}
