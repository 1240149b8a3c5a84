import type { BrandToken, Colour } from './template.schemas.js';

type Rgb = [number, number, number];

/** Text colour used when a template asks for "the readable one" and the preferred one is not. */
export const INK = '#14171a';
export const PAPER = '#ffffff';
/** WCAG 2 AA for normal text. */
export const AA_RATIO = 4.5;

export function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map(channel) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function mix(a: string, b: string, weightOfB: number): string {
  const ca = parseHex(a);
  const cb = parseHex(b);
  return toHex(ca.map((c, i) => c + (cb[i]! - c) * weightOfB) as Rgb);
}

/**
 * The first of (preferred, ink, paper) that meets AA on the background; on mid-tones where
 * none does, pure black or white, one of which always reaches at least 4.58:1.
 */
export function readableOn(background: string, prefer?: string): string {
  const candidates = [prefer, INK, PAPER].filter((c): c is string => c !== undefined);
  const good = candidates.find((c) => contrastRatio(c, background) >= AA_RATIO);
  if (good) return good;
  return contrastRatio('#000000', background) >= contrastRatio(PAPER, background) ? '#000000' : PAPER;
}

function token(value: BrandToken | string, brand: string): string {
  switch (value) {
    case 'brand':
      return brand;
    case 'brand-dark':
      return mix(brand, '#000000', 0.35);
    case 'brand-light':
      return mix(brand, '#ffffff', 0.85);
    case 'ink':
      return INK;
    case 'paper':
      return PAPER;
    default:
      return value.toLowerCase();
  }
}

/** Resolves a template colour against an enterprise's brand colour to a #rrggbb value. */
export function resolveColour(colour: Colour, brand: string): string {
  if (typeof colour === 'string') return token(colour, brand);
  const prefer = colour.prefer === undefined ? undefined : token(colour.prefer, brand);
  return readableOn(token(colour.contrastOn, brand), prefer);
}

/** Brand colours come from users: anything that is not #rrggbb falls back to the hub's green. */
export function normaliseBrand(brand: string | undefined): string {
  return brand && /^#[0-9a-fA-F]{6}$/.test(brand) ? brand.toLowerCase() : '#1f7a5a';
}
