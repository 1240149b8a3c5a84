/**
 * Writes docs/templates/<template>-<format>.png: small samples of every template with
 * demo data, shown in the README. Run with `npm run templates:samples`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { svgToPng } from '../server/lib/sharp.js';
import { demoDesign } from '../server/modules/rendering/demo-assets.js';
import { composeDesign } from '../server/modules/rendering/renderer.js';
import { listTemplates } from '../server/modules/rendering/template.loader.js';

const OUT = path.resolve('docs/templates');
const SAMPLE_WIDTH = 400;

await mkdir(OUT, { recursive: true });
const lines: string[] = [];
for (const template of await listTemplates()) {
  const cells: string[] = [];
  for (const format of template.manifest.formats) {
    const { svg } = await composeDesign(await demoDesign(template.manifest, format.id));
    const name = `${template.manifest.id}-${format.id}.png`;
    await writeFile(path.join(OUT, name), await svgToPng(svg, SAMPLE_WIDTH));
    cells.push(
      `<img src="docs/templates/${name}" width="${format.width >= format.height ? 300 : 200}" alt="${template.manifest.label.fr}, ${format.label.fr}">`,
    );
  }
  lines.push(`**${template.manifest.label.fr}** (\`${template.manifest.id}\`)\n\n${cells.join(' ')}\n`);
}
// The README section to paste (or keep in sync) under "Templates".
console.log(lines.join('\n'));
