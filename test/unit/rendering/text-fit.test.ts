import { describe, expect, it } from 'vitest';
import { svgToRgba } from '../../../server/lib/sharp.js';
import { contrastRatio, readableOn, resolveColour } from '../../../server/modules/rendering/colour.js';
import type { Box, TextLayer } from '../../../server/modules/rendering/template.schemas.js';
import { textLines, textSvg } from '../../../server/modules/rendering/text-layout.js';
import { frenchTypography } from '../../../server/modules/rendering/typography.js';

const LONG =
  "L'économie sociale, j'achète! Nos 42 emplois créés à Sherbrooke « comptent » : 3 tonnes de textiles détournées de l'enfouissement; bravo?";
const VERY_LONG = `${LONG} `.repeat(12) + 'Anticonstitutionnellementextraordinairementinterminable';

function layer(overrides: Partial<TextLayer> = {}): TextLayer {
  return {
    type: 'text',
    box: {},
    text: '{t}',
    font: 'sans',
    weight: 800,
    italic: false,
    size: { max: 64, min: 18 },
    lineHeight: 1.1,
    align: 'start',
    valign: 'top',
    uppercase: false,
    color: 'ink',
    ...overrides,
  };
}

/** Renders a text box alone on a transparent canvas and returns the bounds of every inked pixel. */
async function inkBounds(l: TextLayer, box: Box, text: string) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">${textSvg(l, box, '#1f7a5a', { t: text }, 'fr')}</svg>`;
  const { data, width, height } = await svgToRgba(svg);
  let [minX, minY, maxX, maxY, count] = [width, height, -1, -1, 0];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (data[(y * width + x) * 4 + 3]! > 0) {
        [minX, minY, maxX, maxY, count] = [
          Math.min(minX, x),
          Math.min(minY, y),
          Math.max(maxX, x),
          Math.max(maxY, y),
          count + 1,
        ];
      }
    }
  }
  return { minX, minY, maxX, maxY, count, svg };
}

describe('text that fits its box', () => {
  const box: Box = [100, 80, 420, 260];

  it.each([
    ['short', 'Bonjour'],
    ['long French text', LONG],
    ['very long French text', VERY_LONG],
    ['one huge word', 'Anticonstitutionnellement'.repeat(4)],
  ])('%s leaves no inked pixel outside the box', async (_, text) => {
    for (const l of [
      layer(),
      layer({ font: 'serif', weight: 400, italic: true }),
      layer({ align: 'end', valign: 'bottom', uppercase: true }),
    ]) {
      const ink = await inkBounds(l, box, text);
      expect(ink.count).toBeGreaterThan(0);
      expect(ink.minX).toBeGreaterThanOrEqual(box[0]);
      expect(ink.minY).toBeGreaterThanOrEqual(box[1]);
      expect(ink.maxX).toBeLessThan(box[0] + box[2]);
      expect(ink.maxY).toBeLessThan(box[1] + box[3]);
    }
  });

  it('shrinks long text below the maximum size, and ends very long text with an ellipsis', () => {
    const laid = (text: string) => textLines(layer(), box, '#1f7a5a', { t: text }, 'fr')!;
    expect(laid('Bonjour').size).toBe(64);
    expect(laid(LONG).size).toBeLessThan(64);
    const veryLong = laid(VERY_LONG);
    expect(veryLong.size).toBe(18);
    expect(veryLong.lines.at(-1)!.text.endsWith('…')).toBe(true);
  });

  it('draws each line with the glyphs fontkit measured, at the size it chose', () => {
    const laid = textLines(layer(), box, '#1f7a5a', { t: LONG }, 'fr')!;
    for (const line of laid.lines) {
      const shaped = laid.metrics.shape(line.text).glyphs.map((g) => g.id);
      expect(line.glyphs.map((g) => g.id)).toEqual(shaped);
      // Quarter-pixel places, from the pen start, in order.
      for (const g of line.glyphs) expect(g.x * 4).toBe(Math.round(g.x * 4));
    }
    const svg = textSvg(layer(), box, '#1f7a5a', { t: LONG }, 'fr');
    const inked = laid.lines.flatMap((l) => l.glyphs).filter((g) => laid.metrics.outline(g.id));
    expect(svg.match(/<path /g)?.length).toBe(inked.length);
  });
});

describe('French typography', () => {
  it('puts non-breaking spaces before : ; ! ? and inside « guillemets », with curly apostrophes', () => {
    expect(frenchTypography(`L'essai : "oui"; non! quoi ?`)).toBe(
      'L’essai\u00a0: «\u00a0oui\u00a0»\u00a0; non\u00a0! quoi\u00a0?',
    );
  });

  it('leaves times and URLs alone', () => {
    expect(frenchTypography('À 14:30 sur https://exemple.org')).toBe('À 14:30 sur https://exemple.org');
  });
});

describe('colour contrast', () => {
  it.each(['#1f7a5a', '#f2c94c', '#ffffff', '#000000', '#777777', '#e63946'])(
    'text chosen on %s meets WCAG AA',
    (brand) => {
      expect(
        contrastRatio(resolveColour({ contrastOn: 'brand', prefer: 'paper' }, brand), brand),
      ).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('keeps the preferred colour when it already reads well', () => {
    expect(readableOn('#0b3d2e', '#ffffff')).toBe('#ffffff');
  });
});
