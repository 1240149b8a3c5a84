import { describe, expect, it } from 'vitest';
import { demoDesign } from '../../../server/modules/rendering/demo-assets.js';
import { composeDesign, renderDesign } from '../../../server/modules/rendering/renderer.js';
import { loadTemplate } from '../../../server/modules/rendering/template.loader.js';
import { textLines } from '../../../server/modules/rendering/text-layout.js';
import { cleanText } from '../../../server/modules/rendering/typography.js';

const HOSTILE = [
  '</text><image href="file:///etc/passwd"/>',
  '&xxe; &amp; &#60;script&#62; <!ENTITY x SYSTEM "file:///etc/passwd">',
  '<script>alert(1)</script>',
  ']]><svg onload="alert(1)"><use href="http://evil.test/x.svg#a"/>',
];

const OWN_TAGS = new Set([
  'svg',
  'rect',
  'ellipse',
  'circle',
  'path',
  'g',
  'text',
  'tspan',
  'image',
  'clipPath',
]);

/** Every element is one the composer writes, and every link is an embedded image we re-encoded. */
function expectOnlyOwnMarkup(svg: string): void {
  const tags = new Set([...svg.matchAll(/<([a-zA-Z!?][\w:-]*)/g)].map((m) => m[1]!));
  expect([...tags].filter((t) => !OWN_TAGS.has(t))).toEqual([]);
  for (const [, href] of svg.matchAll(/href="([^"]{0,40})/g))
    expect(href).toMatch(/^data:image\/(jpeg|png);base64,/);
  expect(svg).not.toMatch(/<[^>]*\son\w+=/);
}

describe('user text cannot become markup', () => {
  it.each(HOSTILE)('renders %s literally and references no file or URL', async (text) => {
    const template = await loadTemplate('vitrine-produit');
    const design = await demoDesign(template.manifest, 'facebook', 'en');
    const headline = text.slice(0, 80);
    design.fields.headline = headline;
    // Vitrine draws glyph outlines: the text itself never enters the SVG.
    const { svg } = await composeDesign(design);
    expectOnlyOwnMarkup(svg);
    expect(svg).not.toContain('passwd');
    expect(svg).not.toContain('alert');
    // Every character is laid out as itself, so it is drawn literally.
    const index = template.manifest.layers.findIndex(
      (l) => l.type === 'text' && l.text.includes('{headline}'),
    );
    const layer = template.manifest.layers[index]!;
    if (layer.type !== 'text') throw new Error('headline layer expected');
    const laid = textLines(layer, layer.box.landscape!, '#1f7a5a', { headline }, 'en')!;
    const drawn = laid.lines.map((l) => l.text).join(' ');
    expect(drawn.replace(/…$/, '')).toBe(cleanText(headline).slice(0, drawn.replace(/…$/, '').length));
    expect(laid.lines.flatMap((l) => l.glyphs).length).toBeGreaterThan(0);
    // The browser's version (benchmark) carries the text, escaped.
    const asText = (await composeDesign(design, { textAs: 'text' })).svg;
    expectOnlyOwnMarkup(asText);
    expect(asText).toContain('&lt;');
    const rendered = await renderDesign(design);
    expect(rendered.data.length).toBeGreaterThan(1000);
  });

  it('a hostile name for the enterprise is escaped too', async () => {
    const template = await loadTemplate('chiffre-impact');
    const design = await demoDesign(template.manifest, 'square');
    design.enterprise.name = '<image href="/etc/passwd"/>';
    expectOnlyOwnMarkup((await composeDesign(design)).svg);
    const asText = (await composeDesign(design, { textAs: 'text' })).svg;
    expectOnlyOwnMarkup(asText);
    expect(asText).toContain('&lt;image');
  });
});
