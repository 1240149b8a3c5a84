import path from 'node:path';
import * as fontkit from 'fontkit';
import { fontsDir } from './paths.js';

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

/** Metrics of a face in em units (1 = font size), and a cached measurer of strings. */
export interface Metrics {
  face: Face;
  /** Highest and lowest ink any glyph may reach, so a line box never clips an accent or a descender. */
  ascent: number;
  descent: number;
  /** Horizontal ink extent of a string, in em: from `left` (≤ 0) to `right` (≥ advance). */
  measure(text: string): { advance: number; left: number; right: number };
}

const loaded = new Map<string, Metrics>();
const MAX_CACHED_STRINGS = 20_000;

function open(face: Face): Metrics {
  const font = fontkit.openSync(path.join(fontsDir, face.file)) as fontkit.Font;
  const upm = font.unitsPerEm;
  const os2 = font['OS/2'];
  const cache = new Map<string, { advance: number; left: number; right: number }>();
  return {
    face,
    ascent: Math.max(font.ascent, os2.winAscent) / upm,
    descent: Math.max(-font.descent, os2.winDescent) / upm,
    measure(text) {
      let m = cache.get(text);
      if (!m) {
        const run = font.layout(text);
        const advance = run.advanceWidth / upm;
        const bbox = run.glyphs.length > 0 ? run.bbox : { minX: 0, maxX: 0 };
        const left = Number.isFinite(bbox.minX) ? Math.min(0, bbox.minX / upm) : 0;
        const right = Number.isFinite(bbox.maxX) ? Math.max(advance, bbox.maxX / upm) : advance;
        m = { advance, left, right };
        if (cache.size >= MAX_CACHED_STRINGS) cache.clear();
        cache.set(text, m);
      }
      return m;
    },
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
