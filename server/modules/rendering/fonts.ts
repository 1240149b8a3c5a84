import path from 'node:path';
import * as fontkit from 'fontkit';
import { sharedCache } from '../../lib/cache.js';
import { fontsDir } from '../../lib/paths.js';
import { EMOJI_EM, emojiGlyphId, isEmojiId, splitEmoji } from './emoji.js';

/** One bundled face: the file fontkit measures and the names fontconfig knows it by. */
interface Face {
  file: string;
  family: string;
  weight: number;
  italic: boolean;
}

/** Bundled faces by "font-weight-italic"; templates may only ask for these (checked at load). */
export const FACES: Record<string, Face> = {
  'sans-400-false': { file: 'Inter-Regular.otf', family: 'Inter', weight: 400, italic: false },
  'sans-600-false': { file: 'Inter-SemiBold.otf', family: 'Inter', weight: 600, italic: false },
  'sans-800-false': { file: 'Inter-ExtraBold.otf', family: 'Inter', weight: 800, italic: false },
  'serif-400-false': {
    file: 'EBGaramond12-Regular.ttf',
    family: 'EB Garamond 12',
    weight: 400,
    italic: false,
  },
  'serif-400-true': { file: 'EBGaramond12-Italic.ttf', family: 'EB Garamond 12', weight: 400, italic: true },
};

export function faceKey(font: string, weight: number, italic: boolean): string {
  return `${font}-${weight}-${italic}`;
}

/** A glyph of a shaped string: its id and where it sits, in em from the pen's start (y up). */
export interface ShapedGlyph {
  id: number;
  x: number;
  y: number;
}

/** A glyph's outline: SVG path data and ink box, in font units (y up). */
export interface Outline {
  d: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Metrics of a face in em units (1 = font size), and cached shaping of strings. */
export interface Metrics {
  face: Face;
  unitsPerEm: number;
  /** Highest and lowest ink any glyph may reach, so a line box never clips an accent or a descender. */
  ascent: number;
  descent: number;
  /** Horizontal ink extent of a string, in em: from `left` (≤ 0) to `right` (≥ advance). */
  measure(text: string): { advance: number; left: number; right: number };
  /**
   * A string's glyphs, shaped word by word with fontkit (kerning, contextual forms) and
   * joined by the space's advance. Words are cached: a line costs a few lookups, and the
   * same string always gives the same glyphs, which both measuring and drawing use.
   */
  shape(text: string): { glyphs: ShapedGlyph[]; advance: number };
  /** The outline of a glyph, or undefined for a glyph without ink (a space) or an emoji (emoji.ts). */
  outline(id: number): Outline | undefined;
  /** Whether the face has a glyph for a character. */
  covers(codePoint: number): boolean;
}

// One entry per bundled face: bounded by the fonts folder. Each face's glyph outlines and
// coverage are bounded by its glyph count; shaped words, which users type, are in the shared budget.
const loaded = new Map<string, Metrics>();
const shapedWords = sharedCache<Shaped>('shaped-words', (s) => 96 + s.glyphs.length * 48);

interface Shaped {
  glyphs: ShapedGlyph[];
  advance: number;
  left: number;
  right: number;
}

function open(face: Face): Metrics {
  const font = fontkit.openSync(path.join(fontsDir, face.file)) as fontkit.Font;
  const upm = font.unitsPerEm;
  const os2 = font['OS/2'];
  const outlines = new Map<number, Outline | undefined>();
  const coverage = new Map<number, boolean>();
  const outline = (id: number): Outline | undefined => {
    if (isEmojiId(id)) return undefined;
    if (outlines.has(id)) return outlines.get(id);
    const glyph = font.getGlyph(id);
    const d = glyph.path.toSVG();
    const box = glyph.bbox;
    const ink =
      d && Number.isFinite(box.minX)
        ? { d, minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY }
        : undefined;
    outlines.set(id, ink);
    return ink;
  };
  // Ink extent of glyphs placed from the pen at 0, in em.
  const inkOf = (glyphs: ShapedGlyph[], advance: number) => {
    let left = 0;
    let right = advance;
    for (const g of glyphs) {
      if (isEmojiId(g.id)) {
        left = Math.min(left, g.x);
        right = Math.max(right, g.x + EMOJI_EM.size);
        continue;
      }
      const o = outline(g.id);
      if (!o) continue;
      left = Math.min(left, g.x + o.minX / upm);
      right = Math.max(right, g.x + o.maxX / upm);
    }
    return { left, right };
  };
  const shapeWord = (word: string): Shaped => {
    const wordKey = `${face.file}|${word}`;
    let shaped = shapedWords.get(wordKey);
    if (!shaped) {
      const glyphs: ShapedGlyph[] = [];
      let pen = 0;
      // Emoji come from the bundled colour set (emoji.ts), each in a fixed em box.
      for (const part of splitEmoji(word, covers)) {
        if ('emoji' in part) {
          glyphs.push({ id: emojiGlyphId(part.emoji), x: pen / upm + EMOJI_EM.side, y: 0 });
          pen += EMOJI_EM.advance * upm;
          continue;
        }
        const run = font.layout(part.text);
        run.glyphs.forEach((glyph, i) => {
          const pos = run.positions[i]!;
          glyphs.push({ id: glyph.id, x: (pen + pos.xOffset) / upm, y: pos.yOffset / upm });
          pen += pos.xAdvance;
        });
      }
      const advance = pen / upm;
      shaped = { glyphs, advance, ...inkOf(glyphs, advance) };
      shapedWords.set(wordKey, shaped);
    }
    return shaped;
  };
  function covers(codePoint: number): boolean {
    let has = coverage.get(codePoint);
    if (has === undefined) {
      has = font.hasGlyphForCodePoint(codePoint);
      coverage.set(codePoint, has);
    }
    return has;
  }
  const space = shapeWord(' ').advance;
  const shape = (text: string): Shaped => {
    if (!text.includes(' ')) return shapeWord(text);
    const glyphs: ShapedGlyph[] = [];
    let pen = 0;
    text.split(' ').forEach((word, i) => {
      if (i > 0) pen += space;
      const run = shapeWord(word);
      for (const g of run.glyphs) glyphs.push({ id: g.id, x: pen + g.x, y: g.y });
      pen += run.advance;
    });
    return { glyphs, advance: pen, ...inkOf(glyphs, pen) };
  };
  return {
    face,
    unitsPerEm: upm,
    ascent: Math.max(font.ascent, os2.winAscent) / upm,
    descent: Math.max(-font.descent, os2.winDescent) / upm,
    measure(text) {
      const { advance, left, right } = shape(text);
      return { advance, left, right };
    },
    shape,
    outline,
    covers,
  };
}

export function metricsFor(font: string, weight: number, italic: boolean): Metrics {
  const key = faceKey(font, weight, italic);
  let metrics = loaded.get(key);
  if (!metrics) {
    const face = FACES[key];
    if (!face) throw new Error(`No bundled face for ${key}`);
    metrics = open(face);
    loaded.set(key, metrics);
  }
  return metrics;
}
