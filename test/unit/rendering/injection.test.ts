import { describe, expect, it } from 'vitest';
import { demoDesign } from '../../../server/modules/rendering/demo-assets.js';
import { composeDesign, renderDesign } from '../../../server/modules/rendering/renderer.js';
import { loadTemplate } from '../../../server/modules/rendering/template.loader.js';

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
    const design = await demoDesign(template.manifest, 'facebook');
    design.fields.headline = text.slice(0, 80);
    const { svg } = await composeDesign(design);
    expectOnlyOwnMarkup(svg);
    expect(svg).toContain('&lt;');
    const rendered = await renderDesign(design);
    expect(rendered.data.length).toBeGreaterThan(1000);
  });

  it('a hostile name for the enterprise is escaped too', async () => {
    const template = await loadTemplate('chiffre-impact');
    const design = await demoDesign(template.manifest, 'square');
    design.enterprise.name = '<image href="/etc/passwd"/>';
    const { svg } = await composeDesign(design);
    expectOnlyOwnMarkup(svg);
    expect(svg).toContain('&lt;image');
  });
});
