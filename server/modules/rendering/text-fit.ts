import type { Metrics } from './fonts.js';

export interface FitOptions {
  width: number;
  height: number;
  maxSize: number;
  minSize: number;
  lineHeight: number;
  maxLines?: number;
}

/** A laid-out line: its text and horizontal ink extent in px at the chosen size. */
export interface FittedLine {
  text: string;
  left: number;
  right: number;
}

export interface FittedText {
  size: number;
  lines: FittedLine[];
  /** Distance between baselines, and from the block's top to the first baseline, in px. */
  leading: number;
  ascent: number;
  /** Height of the ink block: from the first line's ascent to the last line's descent. */
  blockHeight: number;
  truncated: boolean;
}

const ELLIPSIS = '…';

/**
 * Greedy word wrap in em units; words break only at ordinary spaces and at line breaks.
 * Words are measured one by one (cached across sizes, since widths scale linearly without
 * hinting) so that trying many sizes stays cheap while the user types.
 */
function wrap(text: string, m: Metrics, maxEm: number): string[] {
  const space = m.measure(' ').advance;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineLeft = 0;
    let lineAdvance = 0;
    for (const word of paragraph.split(' ').filter(Boolean)) {
      const w = m.measure(word);
      if (line && lineAdvance + space + w.right - lineLeft > maxEm) {
        lines.push(line);
        line = '';
      }
      if (line) {
        lineAdvance += space + w.advance;
        line = `${line} ${word}`;
      } else {
        line = word;
        lineLeft = w.left;
        lineAdvance = w.advance;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Ink width of a line from its words' cached measures; kerning across spaces is ignored here. */
function approxWidth(m: Metrics, line: string): number {
  const words = line.split(' ');
  const space = m.measure(' ').advance;
  let advance = 0;
  words.forEach((word, i) => {
    advance += i === words.length - 1 ? m.measure(word).right : m.measure(word).advance + space;
  });
  return advance - m.measure(words[0] ?? '').left;
}

function inkWidth(m: Metrics, text: string): number {
  const { left, right } = m.measure(text);
  return right - left;
}

function blockHeight(m: Metrics, lines: number, size: number, lineHeight: number): number {
  return ((lines - 1) * lineHeight + m.ascent + m.descent) * size;
}

function linesAllowed(m: Metrics, o: FitOptions, size: number): number {
  const byHeight = Math.floor((o.height / size - m.ascent - m.descent) / o.lineHeight) + 1;
  return Math.min(byHeight, o.maxLines ?? Number.POSITIVE_INFINITY);
}

function fitsAt(text: string, m: Metrics, o: FitOptions, size: number): string[] | undefined {
  const maxEm = o.width / size;
  const lines = wrap(text, m, maxEm);
  if (lines.length > linesAllowed(m, o, size)) return undefined;
  return lines.every((line) => approxWidth(m, line) <= maxEm) ? lines : undefined;
}

/** Cuts a line (by words, then by characters) until it fits with an ellipsis. */
function ellipsize(line: string, m: Metrics, maxEm: number): string {
  let text = line;
  while (text.length > 0 && inkWidth(m, text + ELLIPSIS) > maxEm) {
    const space = text.lastIndexOf(' ');
    text =
      space > 0 && inkWidth(m, text.slice(0, space) + ELLIPSIS) > maxEm
        ? text.slice(0, space)
        : [...text].slice(0, -1).join('');
    text = text.trimEnd();
  }
  return text + ELLIPSIS;
}

/** At the minimum size: as many lines as the box holds, the last one ending with an ellipsis. */
function truncate(text: string, m: Metrics, o: FitOptions, size: number): string[] {
  const maxEm = o.width / size;
  const allowed = Math.max(1, linesAllowed(m, o, size));
  const lines = wrap(text, m, maxEm);
  const kept = lines.slice(0, allowed);
  return kept.map((line, i) =>
    (i === kept.length - 1 && lines.length > allowed) || inkWidth(m, line) > maxEm
      ? ellipsize(line, m, maxEm)
      : line,
  );
}

function largestFittingSize(text: string, m: Metrics, o: FitOptions): number | undefined {
  let lo = Math.ceil(o.minSize);
  let hi = Math.floor(o.maxSize);
  if (!fitsAt(text, m, o, lo)) return undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fitsAt(text, m, o, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Wraps on words and shrinks from maxSize down to minSize until the text fits the box;
 * past minSize it keeps what fits and ends with an ellipsis. The result never exceeds the box.
 */
export function fitText(text: string, m: Metrics, o: FitOptions): FittedText {
  const fitting = text ? largestFittingSize(text, m, o) : o.maxSize;
  const size = fitting ?? Math.ceil(o.minSize);
  const raw = text ? (fitting === undefined ? truncate(text, m, o, size) : fitsAt(text, m, o, size)!) : [];
  const lines = raw.map((t) => {
    const { left, right } = m.measure(t);
    return { text: t, left: left * size, right: right * size };
  });
  // The exact measure (with kerning) may exceed the word-by-word estimate by a hair: retry narrower.
  if (lines.some((l) => l.right - l.left > o.width) && o.width > 1) {
    return fitText(text, m, { ...o, width: o.width * 0.98 });
  }
  return {
    size,
    lines,
    leading: o.lineHeight * size,
    ascent: m.ascent * size,
    blockHeight: lines.length ? blockHeight(m, lines.length, size, o.lineHeight) : 0,
    truncated: fitting === undefined && text.length > 0,
  };
}
