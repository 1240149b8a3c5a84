import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { templatesDir } from '../../lib/paths.js';
import { zodProblems } from '../../lib/validate.js';
import { type Artwork, loadArtworks } from './artwork.js';
import { checkManifest } from './template.checks.js';
import { type Manifest, manifestSchema, templateIdSchema } from './template.schemas.js';

/** A validated template: its manifest, inlined artwork, and a digest that changes with either. */
export interface Template {
  manifest: Manifest;
  artworks: Map<string, Artwork>;
  digest: string;
}

const MANIFEST = 'template.json';
const cache = new Map<string, Promise<Template>>();

function refuse(id: string, problems: Array<{ field: string; message: string }>): never {
  const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  throw new ValidationError(`Template "${id}" is invalid: ${summary}`, problems);
}

/** Parses and checks a manifest that lives in `dir`; throws a ValidationError naming template, field and problem. */
export async function validateTemplate(id: string, dir: string, json: string): Promise<Template> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    refuse(id, [{ field: MANIFEST, message: `not valid JSON (${(err as Error).message})` }]);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) refuse(id, zodProblems(parsed.error));
  const manifest = parsed.data;
  const refs = manifest.layers.flatMap((layer, i) =>
    layer.type === 'artwork' ? [{ src: layer.src, where: `layers.${i}` }] : [],
  );
  const { artworks, problems } = await loadArtworks(dir, refs);
  problems.unshift(...checkManifest(manifest, id));
  if (problems.length > 0) refuse(id, problems);
  const hash = createHash('sha256').update(json);
  for (const [src, art] of [...artworks].sort(([a], [b]) => a.localeCompare(b)))
    hash.update(src).update(art.inner);
  return { manifest, artworks, digest: hash.digest('hex').slice(0, 16) };
}

async function readTemplate(id: string, root: string): Promise<Template> {
  const dir = path.join(root, id);
  const json = await readFile(path.join(dir, MANIFEST), 'utf8').catch(() => {
    throw new NotFoundError(`Template "${id}"`);
  });
  return validateTemplate(id, dir, json);
}

/** Loads a template by id (cached). An id that is not a plain slug is refused before touching the disk. */
export function loadTemplate(id: string, root = templatesDir): Promise<Template> {
  if (!templateIdSchema.safeParse(id).success) return Promise.reject(new NotFoundError(`Template "${id}"`));
  const key = `${root}\0${id}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = readTemplate(id, root);
    cache.set(key, entry);
    // A failed load is not cached, so fixing the file is enough.
    entry.catch(() => cache.delete(key));
  }
  return entry;
}

/** Every template folder (those starting with "_" hold shared assets such as fonts). */
export async function listTemplateIds(root = templatesDir): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

export async function listTemplates(root = templatesDir): Promise<Template[]> {
  return Promise.all((await listTemplateIds(root)).map((id) => loadTemplate(id, root)));
}
