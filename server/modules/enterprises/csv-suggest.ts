import { cellKey } from './csv-columns.js';

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The accepted value nearest to what a cell says, compared without accents, case or spaces
 * against each value's label and its other spellings (code, aliases): one that contains it or
 * that it contains ("Granit" → "Le Granit"), else the closest by edit distance when at most half
 * the letters differ ("Alimentaton" → the label of "alimentation"). Undefined when
 * nothing is near.
 */
export function nearest(
  value: string,
  accepted: readonly string[],
  /** Other spellings each shown value is known by (its code, aliases): [spelling, shown value]. */
  spellings: readonly (readonly [string, string])[] = [],
): string | undefined {
  const wanted = cellKey(value);
  if (!wanted) return undefined;
  const candidates = [...accepted.map((option) => [option, option] as const), ...spellings];
  const scored = candidates.flatMap(([spelling, option]) => {
    const key = cellKey(spelling);
    if (!key) return [];
    const contains = key.includes(wanted) || wanted.includes(key);
    const score = contains ? Math.abs(key.length - wanted.length) / 100 : distance(wanted, key);
    // A typo is near when few letters differ; containing a short key ("art") is no hint.
    const near = contains
      ? Math.min(key.length, wanted.length) >= 3
      : score <= Math.max(wanted.length, 2) / 2;
    return near ? [{ option, score }] : [];
  });
  return scored.sort((a, b) => a.score - b.score)[0]?.option;
}

/** Colour names people write in a spreadsheet, French and English, as the #RRGGBB the column expects. */
const colourNames: Record<string, string> = {
  rouge: '#C8102E',
  red: '#C8102E',
  bleu: '#1F4E9C',
  blue: '#1F4E9C',
  vert: '#1F6F5C',
  green: '#1F6F5C',
  jaune: '#F2C200',
  yellow: '#F2C200',
  orange: '#E8702A',
  violet: '#6A3D9A',
  mauve: '#6A3D9A',
  purple: '#6A3D9A',
  rose: '#D6457A',
  pink: '#D6457A',
  noir: '#000000',
  black: '#000000',
  blanc: '#FFFFFF',
  white: '#FFFFFF',
  gris: '#6E6E6E',
  grey: '#6E6E6E',
  gray: '#6E6E6E',
  brun: '#7A4B2A',
  brown: '#7A4B2A',
  turquoise: '#1A9E9E',
};

/** A colour cell as #RRGGBB: "rouge" → "#C8102E", "1f6f5c" or "#1f6f5c" → "#1F6F5C"; undefined when unknown. */
export function colourSuggestion(value: string): string | undefined {
  const hex = /^#?([0-9a-f]{6})$/i.exec(value.trim());
  if (hex) return `#${hex[1]!.toUpperCase()}`;
  const short = /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value.trim());
  if (short)
    return `#${short
      .slice(1)
      .map((c) => c!.repeat(2))
      .join('')
      .toUpperCase()}`;
  return colourNames[cellKey(value)];
}
