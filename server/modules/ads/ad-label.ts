import type { Ad } from './ad.service.js';

/** A short name for an ad in messages: its headline, else the start of its caption, else its id. */
export function adLabel(ad: Pick<Ad, 'id' | 'fields' | 'caption'>): string {
  const text = ad.fields.headline?.trim() || ad.caption.default.trim() || `#${ad.id.slice(-6)}`;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
