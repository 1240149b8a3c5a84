import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The templates folder is found by walking up from this file, so the same code works
 * from server/ under tsx and from dist/server/ once built.
 */
function findTemplatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = path.join(dir, 'templates');
    if (existsSync(path.join(candidate, '_fonts', 'fonts.conf'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('templates/_fonts/fonts.conf not found above server/lib');
}

export const templatesDir = findTemplatesDir();
export const fontsDir = path.join(templatesDir, '_fonts');
