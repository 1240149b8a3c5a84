import { describe, expect, it } from 'vitest';
import { decodeRgba, encodeRaw, rasteriseRaw } from '../../../server/lib/sharp.js';
import { demoDesign } from '../../../server/modules/rendering/demo-assets.js';
import {
  composeDesign,
  type Design,
  designHash,
  renderDesign,
} from '../../../server/modules/rendering/renderer.js';
import { slotCells } from '../../../server/modules/rendering/svg-compose.js';
import { listTemplates, loadTemplate } from '../../../server/modules/rendering/template.loader.js';
import type { Box } from '../../../server/modules/rendering/template.schemas.js';
import { png } from '../../fixtures/domain.js';
import { validManifest, writeTemplate } from './helpers.js';

const templates = await listTemplates();
const impact = templates.find((t) => t.manifest.id === 'chiffre-impact')!;
const logoIndex = impact.manifest.layers.findIndex((l) => l.type === 'image' && l.source === 'logo');
const logoLayer = impact.manifest.layers[logoIndex] as { box: Record<string, Box> };
const RED = [0xd1, 0x49, 0x5b] as const;
const BLUE = [0x1d, 0x4e, 0xd8] as const;

const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const logoOf = async (colour: readonly number[]) => ({ data: await png(120, 120, hex(colour)) });
const withPartners = (design: Design, partners: Design['partners']): Design => ({ ...design, partners });

type Pixels = Awaited<ReturnType<typeof decodeRgba>>;

/** Mean absolute RGB difference of two renders over a box. */
function meanDiff(a: Pixels, b: Pixels, [x, y, w, h]: Box): number {
  let sum = 0;
  for (let row = y; row < y + h; row += 1)
    for (let col = x; col < x + w; col += 1)
      for (let c = 0; c < 3; c += 1) {
        const i = (row * a.width + col) * 4 + c;
        sum += Math.abs(a.data[i]! - b.data[i]!);
      }
  return sum / (w * h * 3);
}

/** Pixels within a box whose colour is near the given one. */
function near(p: Pixels, [x, y, w, h]: Box, colour: readonly number[]): number {
  let count = 0;
  for (let row = y; row < y + h; row += 1)
    for (let col = x; col < x + w; col += 1) {
      const i = (row * p.width + col) * 4;
      if (colour.every((v, c) => Math.abs(p.data[i + c]! - v) < 24)) count += 1;
    }
  return count;
}

const halves = ([x, y, w, h]: Box): [Box, Box] => [
  [x, y, Math.floor(w / 2), h],
  [x + Math.ceil(w / 2), y, Math.floor(w / 2), h],
];

describe('an ad showcasing several enterprises', () => {
  it('draws every logo in the logo slot, side by side, and draws a partner logo change anew', async () => {
    const design = await demoDesign(impact.manifest, 'facebook');
    const slot = logoLayer.box.landscape!;
    const [left, right] = halves(slot);
    // The single-enterprise render first: its cached base layers must not serve the others.
    const solo = await decodeRgba((await renderDesign(design)).data);
    const duo = await decodeRgba(
      (await renderDesign(withPartners(design, [{ name: 'Ferme du Coteau', logo: await logoOf(RED) }]))).data,
    );
    expect(meanDiff(solo, duo, left)).toBeGreaterThan(4);
    expect(meanDiff(solo, duo, right)).toBeGreaterThan(4);
    expect(near(solo, slot, RED)).toBe(0);
    expect(near(duo, left, RED)).toBe(0);
    expect(near(duo, right, RED)).toBeGreaterThan(5000);

    const recoloured = await decodeRgba(
      (await renderDesign(withPartners(design, [{ name: 'Ferme du Coteau', logo: await logoOf(BLUE) }])))
        .data,
    );
    expect(near(recoloured, right, RED)).toBe(0);
    expect(near(recoloured, right, BLUE)).toBeGreaterThan(5000);
    expect(meanDiff(recoloured, duo, left)).toBeLessThan(1);
  });

  it('leaves the whole slot to the logos there are: a partner without a logo takes no cell', async () => {
    const design = await demoDesign(impact.manifest, 'facebook');
    const solo = await decodeRgba((await renderDesign(design)).data);
    const nameOnly = await decodeRgba(
      (await renderDesign(withPartners(design, [{ name: 'Ferme du Coteau' }]))).data,
    );
    expect(meanDiff(solo, nameOnly, logoLayer.box.landscape!)).toBeLessThan(1);
  });

  it('shows every name where the template shows {enterprise}, lead first, joined by " · ", each kept whole on a line', async () => {
    for (const template of templates) {
      const design = await demoDesign(template.manifest, 'square');
      const partners = [{ name: 'Ferme du Coteau' }, { name: 'Épicerie Solidaire' }];
      const { svg } = await composeDesign(withPartners(design, partners), { textAs: 'text' });
      const shown = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]).join(' ');
      const whole = (name: string) => name.replace(/ /g, '\u00a0');
      expect(shown, template.manifest.id).toContain(
        [design.enterprise.name, 'Ferme du Coteau', 'Épicerie Solidaire'].map(whole).join('\u00a0· '),
      );
    }
  });

  it('changes the content hash with a partner, its name, its logo and the order', async () => {
    const design = await demoDesign(impact.manifest, 'facebook');
    const template = await loadTemplate('chiffre-impact');
    const red = await logoOf(RED);
    const one = designHash(withPartners(design, [{ name: 'Ferme du Coteau', logo: red }]), template);
    const hashes = [
      designHash(design, template),
      one,
      designHash(withPartners(design, [{ name: 'Ferme du Côteau', logo: red }]), template),
      designHash(withPartners(design, [{ name: 'Ferme du Coteau', logo: await logoOf(BLUE) }]), template),
      designHash(withPartners(design, [{ name: 'Ferme du Coteau' }]), template),
      designHash(withPartners(design, [{ name: 'A' }, { name: 'B' }]), template),
      designHash(withPartners(design, [{ name: 'B' }, { name: 'A' }]), template),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
    // No partners is a single-enterprise design: the same hash, so stored renders stay valid.
    expect(designHash(withPartners(design, []), template)).toBe(hashes[0]);
  });

  it.each(templates.flatMap((t) => t.manifest.formats.map((f) => [t.manifest.id, f.id] as const)))(
    '%s in %s looks the same layered (cached base) as drawn whole',
    async (templateId, formatId) => {
      const template = templates.find((t) => t.manifest.id === templateId)!;
      const design = withPartners(await demoDesign(template.manifest, formatId), [
        { name: 'Ferme du Coteau', logo: await logoOf(RED) },
        { name: 'Épicerie Solidaire', logo: await logoOf(BLUE) },
      ]);
      const { svg } = await composeDesign(design);
      const whole = await encodeRaw(await rasteriseRaw(svg, true), { output: 'png', maxBytes: 1e8 });
      const [a, b] = await Promise.all([decodeRgba(whole), decodeRgba((await renderDesign(design)).data)]);
      // Only JPEG's own loss separates them.
      expect(meanDiff(a, b, [0, 0, a.width, a.height])).toBeLessThan(1.5);
    },
  );

  it('masks each logo in its own cell', async () => {
    const manifest = validManifest();
    manifest.id = 'logo-masque';
    const layer = manifest.layers.find((l) => l.source === 'logo')!;
    layer.mask = { shape: 'circle' };
    const root = await writeTemplate('logo-masque', manifest);
    const base = await demoDesign(impact.manifest, 'facebook');
    const design = withPartners({ ...base, templateId: 'logo-masque' }, [
      { name: 'Ferme du Coteau', logo: await logoOf(RED) },
    ]);
    const { svg } = await composeDesign(design, { root });
    const clips = [...svg.matchAll(/<clipPath id="(clip\d+-\d+)"><ellipse cx="([\d.]+)"/g)];
    expect(clips).toHaveLength(2);
    for (const [, id] of clips) expect(svg).toContain(`clip-path="url(#${id})"`);
    const [x, , w] = logoLayer.box.landscape!;
    expect(Number(clips[0]![2])).toBeLessThan(x + w / 2);
    expect(Number(clips[1]![2])).toBeGreaterThan(x + w / 2);
  });
});

describe('a slot split for several logos', () => {
  const overlap = (a: Box, b: Box) =>
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
  const side = (b: Box) => Math.min(b[2], b[3]);

  it.each([
    [[872, 92, 232, 168] as Box, 3, 2],
    [[90, 100, 60, 200] as Box, 2, 2],
    [[660, 490, 238, 100] as Box, 3, 1],
  ])(
    'gives equal cells of %j in the grid that keeps each logo largest, apart and inside it',
    (box, count, rows) => {
      const cells = slotCells(box, count);
      expect(cells).toHaveLength(count);
      expect(new Set(cells.map((c) => c[1])).size).toBe(rows);
      for (const [i, cell] of cells.entries()) {
        expect([cell[2], cell[3]]).toEqual([cells[0]![2], cells[0]![3]]);
        expect(cell[0]).toBeGreaterThanOrEqual(box[0]);
        expect(cell[1]).toBeGreaterThanOrEqual(box[1]);
        expect(cell[0] + cell[2]).toBeLessThanOrEqual(box[0] + box[2]);
        expect(cell[1] + cell[3]).toBeLessThanOrEqual(box[1] + box[3]);
        for (const other of cells.slice(i + 1)) expect(overlap(cell, other)).toBe(false);
      }
      // Three logos in a 232×168 slot: two rows of ~109×79 rather than one row of 68×168.
      if (count === 3 && rows === 2) expect(side(cells[0]!)).toBeGreaterThan(75);
      expect(slotCells(box, 1)).toEqual([box]);
    },
  );
});
