import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRgba, svgToPng } from '../../../server/lib/sharp.js';
import { demoDesign } from '../../../server/modules/rendering/demo-assets.js';
import { composeDesign } from '../../../server/modules/rendering/renderer.js';
import { listTemplates } from '../../../server/modules/rendering/template.loader.js';

// Regenerate after an intended visual change: UPDATE_GOLDEN=1 npx vitest run test/unit/rendering/golden.test.ts
const GOLDEN_DIR = path.resolve('test/fixtures/rendering');
const update = process.env.UPDATE_GOLDEN === '1';

/** Mean absolute channel difference, and share of pixels where some channel differs by more than 32. */
async function difference(a: Buffer, b: Buffer) {
  const [x, y] = await Promise.all([decodeRgba(a), decodeRgba(b)]);
  expect([x.width, x.height]).toEqual([y.width, y.height]);
  let sum = 0;
  let differing = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    let worst = 0;
    for (let c = 0; c < 4; c += 1) {
      const d = Math.abs(x.data[i + c]! - y.data[i + c]!);
      sum += d;
      worst = Math.max(worst, d);
    }
    if (worst > 32) differing += 1;
  }
  const pixels = x.data.length / 4;
  return { mean: sum / x.data.length, differingShare: differing / pixels };
}

const templates = await listTemplates();
const cases = templates.flatMap((t) =>
  t.manifest.formats.map((f) => [t.manifest.id, f.id, f.width] as const),
);

describe('golden images', () => {
  it.each(cases)('%s in %s looks as approved', async (templateId, formatId, width) => {
    const template = templates.find((t) => t.manifest.id === templateId)!;
    const { svg } = await composeDesign(await demoDesign(template.manifest, formatId));
    const png = await svgToPng(svg, Math.round(width / 2));
    const file = path.join(GOLDEN_DIR, `${templateId}-${formatId}.png`);
    if (update || !existsSync(file)) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, png);
    }
    const diff = await difference(png, readFileSync(file));
    expect(diff.mean).toBeLessThan(1);
    expect(diff.differingShare).toBeLessThan(0.005);
  });
});
