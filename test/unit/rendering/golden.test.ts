import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRgba, svgToPng } from '../../../server/lib/sharp.js';
import { demoDesign } from '../../../server/modules/rendering/demo-assets.js';
import { composeDesign } from '../../../server/modules/rendering/renderer.js';
import { listTemplates } from '../../../server/modules/rendering/template.loader.js';

import { approvedImage, goldenModeFromEnv } from './golden-file.js';

// Regenerate after an intended visual change: UPDATE_GOLDEN=1 npx vitest run test/unit/rendering/golden.test.ts
const GOLDEN_DIR = path.resolve('test/fixtures/rendering');
const mode = goldenModeFromEnv();

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
    const diff = await difference(png, approvedImage(file, png, mode));
    expect(diff.mean).toBeLessThan(1);
    expect(diff.differingShare).toBeLessThan(0.005);
  });
});

describe('a missing golden image', () => {
  const png = Buffer.from('not compared');
  it('fails in CI instead of being written and compared with itself', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vitrine-golden-')), 'new-format.png');
    expect(() => approvedImage(file, png, { ci: true, update: false })).toThrow(/missing.*UPDATE_GOLDEN=1/);
    expect(existsSync(file)).toBe(false);
  });

  it('is written for review outside CI, and on purpose with UPDATE_GOLDEN=1 in CI', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vitrine-golden-'));
    expect(approvedImage(path.join(dir, 'a.png'), png, { ci: false, update: false })).toEqual(png);
    expect(approvedImage(path.join(dir, 'b.png'), png, { ci: true, update: true })).toEqual(png);
  });

  it('follows CI and UPDATE_GOLDEN from the environment', () => {
    expect(goldenModeFromEnv({ CI: 'true' })).toEqual({ ci: true, update: false });
    expect(goldenModeFromEnv({ UPDATE_GOLDEN: '1' })).toEqual({ ci: false, update: true });
  });
});
