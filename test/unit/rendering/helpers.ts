import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { templatesDir } from '../../../server/lib/paths.js';

/** The shipped impact template, as parsed JSON, to derive broken variants from. */
export function validManifest(): Record<string, unknown> & { layers: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(path.join(templatesDir, 'chiffre-impact', 'template.json'), 'utf8'));
}

/** Writes a template folder (manifest + files) under a fresh temporary templates root. */
export async function writeTemplate(
  id: string,
  manifest: unknown,
  files: Record<string, string> = {},
): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'vitrine-templates-'));
  await mkdir(path.join(root, id, 'artwork'), { recursive: true });
  await writeFile(
    path.join(root, id, 'template.json'),
    typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
  );
  const points = readFileSync(path.join(templatesDir, 'chiffre-impact', 'artwork', 'points.svg'), 'utf8');
  await writeFile(path.join(root, id, 'artwork', 'points.svg'), points);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(root, id, name), content);
  return root;
}
