import sharp from 'sharp';

/** A real 8×8 PNG, made with sharp so its bytes are valid. */
export function tinyPng(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
}
