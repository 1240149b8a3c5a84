import { describe, expect, it } from 'vitest';
import { decodeRgba } from '../../../server/lib/sharp.js';
import { demoDesign } from '../../../server/modules/rendering/demo-assets.js';
import { checkFieldValues } from '../../../server/modules/rendering/fields.js';
import { composeDesign, renderDesign } from '../../../server/modules/rendering/renderer.js';
import { loadTemplate } from '../../../server/modules/rendering/template.loader.js';
import type { Box, TextLayer } from '../../../server/modules/rendering/template.schemas.js';
import { textLines } from '../../../server/modules/rendering/text-layout.js';

const vitrine = await loadTemplate('vitrine-produit');
const headline = vitrine.manifest.layers.find(
  (l): l is TextLayer => l.type === 'text' && l.text === '{headline}',
)!;
const headlineBox = headline.box.landscape!;

type Pixels = Awaited<ReturnType<typeof decodeRgba>>;
/** Pixels in a box within `tolerance` of a colour on every channel. */
function near(p: Pixels, [x, y, w, h]: Box, colour: readonly number[], tolerance = 30): number {
  let count = 0;
  for (let row = y; row < y + h; row += 1)
    for (let col = x; col < x + w; col += 1) {
      const i = (row * p.width + col) * 4;
      if (colour.every((v, c) => Math.abs(p.data[i + c]! - v) < tolerance)) count += 1;
    }
  return count;
}

// Twemoji's party popper (🎉) is mostly red #DD2E44; the demo brand is green, the text white.
const POPPER_RED = [0xdd, 0x2e, 0x44];

describe('emoji in image text', () => {
  it('accepts a headline with emoji on save instead of refusing it', () => {
    const values = { headline: 'Bravo 🎉 à nos 👩‍🌾 de l’Estrie ❤️', description: 'Ça pousse!' };
    expect(checkFieldValues(vitrine.manifest, values, { draft: false }).headline).toBe(values.headline);
  });

  it('still refuses a character no bundled font or emoji set draws', () => {
    expect(() =>
      checkFieldValues(vitrine.manifest, { headline: 'Merci 𓀀', description: 'x' }, { draft: false }),
    ).toThrow(/cannot draw/);
  });

  it('draws the emoji in colour where they fall in the headline, on the render path and in the SVG', async () => {
    const design = await demoDesign(vitrine.manifest, 'facebook');
    const plain = await decodeRgba(
      (await renderDesign({ ...design, fields: { ...design.fields, headline: 'Bravo à toute l’équipe' } }))
        .data,
    );
    const festive = await decodeRgba(
      (
        await renderDesign({
          ...design,
          fields: { ...design.fields, headline: 'Bravo 🎉 à toute l’équipe 🎉' },
        })
      ).data,
    );
    expect(near(plain, headlineBox, POPPER_RED)).toBe(0);
    expect(near(festive, headlineBox, POPPER_RED)).toBeGreaterThan(150);
    // Where the first one falls: right after "Bravo" on the first line.
    const [x, y] = headlineBox;
    expect(near(festive, [x + 160, y, 90, 80], POPPER_RED)).toBeGreaterThan(50);

    // The whole-SVG path (gallery, Chromium comparison) shows them the same way.
    const { svg } = await composeDesign({ ...design, fields: { ...design.fields, headline: 'Bravo 🎉' } });
    expect(svg).toContain('#DD2E44');
    expect(svg).not.toMatch(/href="(?!data:)/);
  });

  it('lays an emoji out as one glyph between words, so wrapping measures it', () => {
    const laid = textLines(headline, headlineBox, '#1f7a5a', { headline: 'Merci 🙏🏽 Sherbrooke' }, 'fr')!;
    expect(laid.lines.map((l) => l.text).join(' ')).toBe('Merci 🙏🏽 Sherbrooke');
  });
});

describe('French typography in the text fitter', () => {
  const cases = [
    ['100 % des profits redonnés à la communauté de Sherbrooke', '100\u00a0%'],
    ['Un panier bio pour 25 $ livré chaque semaine dans votre quartier', '25\u00a0$'],
    ['Ouvert 3 h de plus le jeudi soir pour les familles du quartier', '3\u00a0h'],
    ['Livraison à vélo dans un rayon de 12 km autour du centre-ville', '12\u00a0km'],
    ['Plus de 12 500 $ remis aux organismes du territoire cette année', '12\u00a0500\u00a0$'],
  ] as const;

  it.each(cases)('never breaks between a number and its unit: %s', (text, bound) => {
    // Every width from narrow to wide: wherever the line breaks, the number keeps its unit.
    for (let width = 180; width <= 620; width += 7) {
      const box: Box = [0, 0, width, 600];
      const laid = textLines({ ...headline, maxLines: 12 }, box, '#1f7a5a', { headline: text }, 'fr')!;
      const joined = laid.lines.map((l) => l.text).join('\n');
      expect(joined.replace(/\n/g, ' ')).toContain(bound);
      expect(joined).not.toMatch(/\d\n(%|\$|h|km)/);
    }
  });
});
