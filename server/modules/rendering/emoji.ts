/**
 * Colour emoji from the bundled Twemoji set (@twemoji/svg: jdecked's Twemoji graphics,
 * CC-BY 4.0, one SVG per emoji). An emoji in a field is laid out as one "glyph" of a fixed
 * em box beside the font's glyphs, and drawn from its SVG, inlined into the render (librsvg
 * reads no file from an SVG it got as a buffer). This file is the only reader of the set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const emojiDir = path.dirname(createRequire(import.meta.url).resolve('@twemoji/svg/package.json'));

/** An emoji's square, in em: its side, its top above the baseline, its advance with side bearings. */
export const EMOJI_EM = { size: 0.95, top: 0.84, side: 0.08, advance: 1.11 } as const;

/** Ids given to emoji "glyphs", above any font's glyph ids (at most 65,535). */
const EMOJI_ID_BASE = 1 << 20;
const codes: string[] = [];
const idsByCode = new Map<string, number>();

export const isEmojiId = (id: number) => id >= EMOJI_ID_BASE;

/** A stable glyph id for a Twemoji file name, for as long as the process lives. */
export function emojiGlyphId(code: string): number {
  let id = idsByCode.get(code);
  if (id === undefined) {
    id = EMOJI_ID_BASE + codes.push(code) - 1;
    idsByCode.set(code, id);
  }
  return id;
}

export const emojiCodeOf = (id: number): string | undefined => codes[id - EMOJI_ID_BASE];

const EMOJI_LIKE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const found = new Map<string, string | null>();

/** The Twemoji file name (code points in hex, joined by "-") of a grapheme cluster, if the set has it. */
function twemojiCode(cluster: string): string | undefined {
  let code = found.get(cluster);
  if (code === undefined) {
    const points = [...cluster].map((c) => c.codePointAt(0)!.toString(16));
    // Twemoji names drop the emoji presentation selector, except inside ZWJ sequences.
    const bare = points.filter((p) => p !== 'fe0f').join('-');
    code =
      [points.join('-'), bare].find(
        (name) => /^[0-9a-f-]+$/.test(name) && existsSync(path.join(emojiDir, `${name}.svg`)),
      ) ?? null;
    found.set(cluster, code);
  }
  return code ?? undefined;
}

/** A piece of a word: plain text for the font, or an emoji by its Twemoji code. */
export type WordPart = { text: string } | { emoji: string };

/**
 * Splits a word into font text and emoji. A character the font draws itself (©, ™, ↗) stays
 * text unless it asks for emoji presentation (U+FE0F) or joins a sequence; an emoji the set
 * lacks stays text too (fields.ts refuses it, naming it).
 */
export function splitEmoji(word: string, fontCovers: (codePoint: number) => boolean): WordPart[] {
  if (!EMOJI_LIKE.test(word)) return [{ text: word }];
  const parts: WordPart[] = [];
  let text = '';
  for (const { segment } of segmenter.segment(word)) {
    const points = [...segment];
    const fontHasIt = points.length === 1 && fontCovers(segment.codePointAt(0)!);
    const code = EMOJI_LIKE.test(segment) && !fontHasIt ? twemojiCode(segment) : undefined;
    if (code) {
      if (text) parts.push({ text });
      text = '';
      parts.push({ emoji: code });
    } else text += segment;
  }
  if (text) parts.push({ text });
  return parts;
}

/** Whether a grapheme cluster is an emoji the bundled set draws. */
export function isDrawableEmoji(cluster: string): boolean {
  return EMOJI_LIKE.test(cluster) && twemojiCode(cluster) !== undefined;
}

/** Grapheme clusters of a text (an emoji with its modifiers and joiners is one). */
export function graphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

const svgs = new Map<string, { viewBox: string; inner: string }>();

/** An emoji's SVG content and view box, read once; the files are the package's own. */
function emojiSvg(code: string): { viewBox: string; inner: string } {
  let svg = svgs.get(code);
  if (!svg) {
    if (!/^[0-9a-f-]+$/.test(code)) throw new Error(`Not an emoji code: ${code}`);
    const text = readFileSync(path.join(emojiDir, `${code}.svg`), 'utf8');
    const open = /<svg\b[^>]*>/.exec(text);
    const viewBox = open && /viewBox="([\d.\s-]+)"/.exec(open[0])?.[1];
    if (!open || !viewBox) throw new Error(`Unexpected Twemoji file ${code}.svg`);
    svg = { viewBox, inner: text.slice(open.index + open[0].length, text.lastIndexOf('</svg>')) };
    svgs.set(code, svg);
  }
  return svg;
}

/** An emoji as a nested SVG element filling the square at (x, y) with side `side` px. */
export function emojiElement(code: string, x: number, y: number, side: number): string {
  const { viewBox, inner } = emojiSvg(code);
  return `<svg x="${x}" y="${y}" width="${side}" height="${side}" viewBox="${viewBox}">${inner}</svg>`;
}

/** A whole SVG document of one emoji, `side` px square (rasterised once per size). */
export function emojiDocument(code: string, side: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}">${emojiElement(code, 0, 0, side)}</svg>`;
}
