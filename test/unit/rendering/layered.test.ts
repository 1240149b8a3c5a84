import { describe, expect, it } from 'vitest';
import { decodeRgba, encodeRaw, rasteriseRaw } from '../../../server/lib/sharp.js';
import { demoDesign } from '../../../server/modules/rendering/demo-assets.js';
import { composeDesign, renderDesign } from '../../../server/modules/rendering/renderer.js';
import { listTemplates } from '../../../server/modules/rendering/template.loader.js';

const templates = await listTemplates();
const cases = templates.flatMap((t) => t.manifest.formats.map((f) => [t.manifest.id, f.id] as const));

describe('layered rendering (cached base, texts drawn over it)', () => {
  it.each(cases)('%s in %s looks the same as drawing every layer at once', async (templateId, formatId) => {
    const template = templates.find((t) => t.manifest.id === templateId)!;
    const design = await demoDesign(template.manifest, formatId);
    const { svg } = await composeDesign(design);
    const whole = await encodeRaw(await rasteriseRaw(svg, true), { output: 'png', maxBytes: 1e8 });
    const layered = await renderDesign(design);
    const [a, b] = await Promise.all([decodeRgba(whole), decodeRgba(layered.data)]);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    let sum = 0;
    let far = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      let worst = 0;
      for (let c = 0; c < 3; c += 1) {
        const d = Math.abs(a.data[i + c]! - b.data[i + c]!);
        sum += d;
        worst = Math.max(worst, d);
      }
      if (worst > 48) far += 1;
    }
    // Only JPEG's own loss separates them.
    expect(sum / ((a.data.length / 4) * 3)).toBeLessThan(1.5);
    expect(far / (a.data.length / 4)).toBeLessThan(0.001);
  });

  it('draws a changed headline over the same base and gives another image', async () => {
    const template = templates.find((t) => t.manifest.id === 'vitrine-produit')!;
    const design = await demoDesign(template.manifest, 'facebook');
    const first = await renderDesign(design);
    const second = await renderDesign({ ...design, fields: { ...design.fields, headline: 'Autre titre' } });
    expect(second.hash).not.toBe(first.hash);
    expect(second.data.equals(first.data)).toBe(false);
    expect((await renderDesign(design)).data.equals(first.data)).toBe(true);
  });
});
