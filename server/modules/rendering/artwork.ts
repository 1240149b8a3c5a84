import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FieldProblem } from '../../lib/errors.js';

/** Artwork ready to inline: the inner markup of an SVG and its viewBox. */
export interface Artwork {
  viewBox: string;
  inner: string;
}

/**
 * Anything that could make librsvg load something: a reference that is not a local
 * "#id", entity declarations (XXE, billion laughs), scripts and foreign content.
 */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/<!DOCTYPE|<!ENTITY/i, 'DOCTYPE and entity declarations are not allowed'],
  [/(?:xlink:)?href\s*=\s*["'](?!#)/i, 'links must point inside the SVG (#id)'],
  [/url\(\s*["']?(?!#)/i, 'url() must point inside the SVG (#id)'],
  [
    /<\s*(script|foreignObject|image|use\s[^>]*href\s*=\s*["'](?!#))/i,
    'scripts, images and foreign content are not allowed',
  ],
  [/@import|\son[a-z]+\s*=/i, '@import and event handlers are not allowed'],
];

/** Resolves an artwork path and refuses anything that is not a plain relative path inside the folder. */
export async function resolveInside(dir: string, src: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//'))
    throw new Error('must be a relative path, not a URL');
  if (path.isAbsolute(src) || src.split(/[\\/]/).includes('..'))
    throw new Error('must stay inside the template folder');
  if (!src.endsWith('.svg')) throw new Error('artwork must be an .svg file');
  const root = await realpath(dir);
  const full = await realpath(path.join(dir, src)).catch(() => {
    throw new Error('file not found');
  });
  // A symbolic link could still lead outside; compare real paths.
  if (!full.startsWith(root + path.sep)) throw new Error('must stay inside the template folder');
  return full;
}

export function parseArtwork(svg: string): Artwork {
  for (const [pattern, message] of FORBIDDEN) if (pattern.test(svg)) throw new Error(message);
  const open = /<svg\b[^>]*>/i.exec(svg);
  const close = svg.lastIndexOf('</svg>');
  if (!open || close < open.index) throw new Error('not an SVG document');
  const viewBox = /\bviewBox\s*=\s*["']([-\d.\s,]+)["']/.exec(open[0])?.[1];
  if (!viewBox) throw new Error('the root <svg> needs a viewBox');
  return { viewBox, inner: svg.slice(open.index + open[0].length, close) };
}

/** Loads every artwork a template uses; problems name the layer that references it. */
export async function loadArtworks(
  dir: string,
  refs: Array<{ src: string; where: string }>,
): Promise<{ artworks: Map<string, Artwork>; problems: FieldProblem[] }> {
  const artworks = new Map<string, Artwork>();
  const problems: FieldProblem[] = [];
  for (const { src, where } of refs) {
    try {
      const file = await resolveInside(dir, src);
      artworks.set(src, parseArtwork(await readFile(file, 'utf8')));
    } catch (err) {
      problems.push({ field: `${where}.src`, message: `"${src}": ${(err as Error).message}` });
    }
  }
  return { artworks, problems };
}
