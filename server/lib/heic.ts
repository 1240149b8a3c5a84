import { UnsupportedMediaError } from './errors.js';

/**
 * HEIC/HEIF (iPhone photos) decoded with heic-decode (libheif compiled to WebAssembly):
 * sharp's prebuilt libvips reads the header (so the pixel count is checked first) but has
 * no HEVC decoder. This file is the only user of heic-decode.
 */
export interface DecodedHeic {
  /** RGBA, 8 bits a channel. */
  data: Buffer;
  width: number;
  height: number;
}

/** What to tell someone whose HEIC could not be converted: how to send a JPEG instead. */
export const HEIC_EXPORT_HINT =
  'could not be converted from HEIC: on the iPhone, choose Settings > Camera > Formats > Most Compatible, or share the photo by email as JPEG, then upload the JPEG';

// libheif's WebAssembly bundle weighs megabytes: loaded on the first HEIC, not in every process.
type Decode = typeof import('heic-decode');
let decoder: Promise<Decode> | undefined;

/** Decodes the primary image; a file libheif cannot read becomes a 415 naming how to export a JPEG. */
export async function decodeHeicImage(data: Buffer): Promise<DecodedHeic> {
  decoder ??= import('heic-decode').then((m) => m.default);
  const decodeHeic = await decoder;
  try {
    const image = await decodeHeic({ buffer: new Uint8Array(data.buffer, data.byteOffset, data.length) });
    return {
      data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      width: image.width,
      height: image.height,
    };
  } catch {
    throw new UnsupportedMediaError(`The image ${HEIC_EXPORT_HINT}.`);
  }
}
