import type { RawImage } from './sharp.js';

/**
 * Draws an RGBA overlay (unpremultiplied) over an opaque RGB image at (left, top), in
 * place: the "over" operator, rounded. In JavaScript because the overlay is small and
 * libvips' composite converts the whole canvas, which costs several times more. The overlay
 * may stick out of the base on any side (the base may be a crop of the canvas).
 */
export function blendInto(base: RawImage, overlay: RawImage, left: number, top: number): void {
  if (base.channels !== 3 || overlay.channels !== 4) throw new Error('blendOver needs RGB under RGBA');
  const out = base.data;
  const y0 = Math.max(0, -top);
  const x0 = Math.max(0, -left);
  const rows = Math.min(overlay.height, base.height - top);
  const cols = Math.min(overlay.width, base.width - left);
  const src = overlay.data;
  for (let y = y0; y < rows; y += 1) {
    let o = (y * overlay.width + x0) * 4;
    let b = ((top + y) * base.width + left + x0) * 3;
    for (let x = x0; x < cols; x += 1, o += 4, b += 3) {
      const a = src[o + 3]!;
      if (a === 0) continue;
      const ia = 255 - a;
      out[b] = (src[o]! * a + out[b]! * ia + 127) / 255;
      out[b + 1] = (src[o + 1]! * a + out[b + 1]! * ia + 127) / 255;
      out[b + 2] = (src[o + 2]! * a + out[b + 2]! * ia + 127) / 255;
    }
  }
}
