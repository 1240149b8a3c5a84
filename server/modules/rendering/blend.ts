import type { RawImage } from '../../lib/sharp.js';

/** An RGB colour, 0-255 a channel. */
export type Rgb = readonly [number, number, number];

/**
 * Draws an overlay over an opaque RGB image at (left, top), in place: the "over" operator,
 * rounded. The overlay is RGBA (unpremultiplied), or a coverage mask (one channel) in a
 * fill colour, as text is. In JavaScript because the overlay is small and libvips'
 * composite converts the whole canvas, which costs several times more. The overlay may
 * stick out of the base on any side (the base may be a crop of the canvas).
 */
export function blendInto(base: RawImage, overlay: RawImage, left: number, top: number, fill?: Rgb): void {
  const mask = overlay.channels === 1;
  if (base.channels !== 3 || (mask ? !fill : overlay.channels !== 4))
    throw new Error('blendInto needs RGB under RGBA, or under a mask with its fill');
  const out = base.data;
  const src = overlay.data;
  const step = mask ? 1 : 4;
  const y0 = Math.max(0, -top);
  const x0 = Math.max(0, -left);
  const rows = Math.min(overlay.height, base.height - top);
  const cols = Math.min(overlay.width, base.width - left);
  const [fr, fg, fb] = fill ?? [0, 0, 0];
  for (let y = y0; y < rows; y += 1) {
    let o = (y * overlay.width + x0) * step;
    let b = ((top + y) * base.width + left + x0) * 3;
    for (let x = x0; x < cols; x += 1, o += step, b += 3) {
      const a = mask ? src[o]! : src[o + 3]!;
      if (a === 0) continue;
      const ia = 255 - a;
      out[b] = ((mask ? fr : src[o]!) * a + out[b]! * ia + 127) / 255;
      out[b + 1] = ((mask ? fg : src[o + 1]!) * a + out[b + 1]! * ia + 127) / 255;
      out[b + 2] = ((mask ? fb : src[o + 2]!) * a + out[b + 2]! * ia + 127) / 255;
    }
  }
}
