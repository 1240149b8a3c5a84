import type { Request } from 'express';
import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { en } from './en.js';
import { fr, type MessageKey } from './fr.js';

export type { MessageKey } from './fr.js';
export type Locale = 'fr' | 'en';

const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** Translates a key, replacing `{name}` placeholders with params. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = dictionaries[locale][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when a string is a dictionary key (for values such as statuses that come from data). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(fr, key);
}

function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/** Reads the `vitrine.lang` cookie set by the language switch for visitors who are not signed in. */
function cookieLocale(req: Request): Locale | undefined {
  const match = /(?:^|;\s*)vitrine\.lang=(fr|en)(?:;|$)/.exec(req.headers.cookie ?? '');
  return match?.[1] as Locale | undefined;
}

/** The signed-in user's locale; otherwise ?lang=, the language cookie, Accept-Language; French by default. */
export function localeOf(req: Request): Locale {
  if (req.user) return req.user.locale;
  const query = req.query?.lang;
  if (isLocale(query)) return query;
  const cookie = cookieLocale(req);
  if (cookie) return cookie;
  const accepted = req.acceptsLanguages('fr', 'en');
  return isLocale(accepted) ? accepted : 'fr';
}

const luxonLocale: Record<Locale, string> = { fr: 'fr-CA', en: 'en-CA' };

function toHubTime(value: Date | string, locale: Locale): DateTime | undefined {
  const date = typeof value === 'string' ? DateTime.fromISO(value) : DateTime.fromJSDate(value);
  return date.isValid ? date.setZone(config().HUB_TIMEZONE).setLocale(luxonLocale[locale]) : undefined;
}

/** "12 mars 2025" in the hub's time zone. */
export function formatDate(locale: Locale, value: Date | string | null | undefined): string {
  if (!value) return '';
  return toHubTime(value, locale)?.toLocaleString(DateTime.DATE_MED) ?? '';
}

/** "12 mars 2025, 14 h 30" in the hub's time zone. */
export function formatDateTime(locale: Locale, value: Date | string | null | undefined): string {
  if (!value) return '';
  return toHubTime(value, locale)?.toLocaleString(DateTime.DATETIME_MED) ?? '';
}

/** yyyy-MM-dd in the hub's time zone, for <input type="date">. */
export function isoDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  return toHubTime(value, 'fr')?.toISODate() ?? '';
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(luxonLocale[locale]).format(value);
}
