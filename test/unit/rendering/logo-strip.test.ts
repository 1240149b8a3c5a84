import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgba } from '../../../server/lib/sharp.js';
import { demoDesign } from '../../../server/modules/rendering/demo-assets.js';
import { renderDesign } from '../../../server/modules/rendering/renderer.js';
import { listTemplates } from '../../../server/modules/rendering/template.loader.js';

const templates = await listTemplates();
const RED = [0xd1, 0x49, 0x5b];
const BLUE = [0x1d, 0x4e, 0xd8];

/** A wide logo (2:1), as most are: one flat colour so its drawn size can be counted. */
const wideLogo = async (colour: readonly number[]) => ({
  data: await sharp({
    create: {
      width: 300,
      height: 150,
      channels: 4,
      background: { r: colour[0]!, g: colour[1]!, b: colour[2]!, alpha: 1 },
    },
  })
    .png()
    .toBuffer(),
});

/** Bounding box of the pixels near a colour: the logo's drawn size. */
async function drawnSize(image: Buffer, colour: readonly number[]) {
  const p = await decodeRgba(image);
  let [x0, y0, x1, y1] = [p.width, p.height, -1, -1];
  for (let y = 0; y < p.height; y += 1)
    for (let x = 0; x < p.width; x += 1) {
      const i = (y * p.width + x) * 4;
      if (colour.every((v, c) => Math.abs(p.data[i + c]! - v) < 20))
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  return { width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

const cases = templates.flatMap((t) => t.manifest.formats.map((f) => [t.manifest.id, f.id] as const));

describe('an ad featuring three enterprises', () => {
  it.each(cases)('%s (%s) shows each logo at a legible size', async (templateId, formatId) => {
    const template = templates.find((t) => t.manifest.id === templateId)!;
    const design = await demoDesign(template.manifest, formatId);
    const partners = [
      { name: 'Ferme du Coteau', logo: await wideLogo(RED) },
      { name: 'Le Granit', logo: await wideLogo(BLUE) },
    ];
    const image = (await renderDesign({ ...design, partners })).data;
    for (const colour of [RED, BLUE]) {
      const size = await drawnSize(image, colour);
      // A 2:1 logo at least 64 px wide (it was about 20 to 50 px in the smaller slots).
      expect(size.width).toBeGreaterThanOrEqual(64);
      expect(size.height).toBeGreaterThanOrEqual(30);
    }
  });
});
