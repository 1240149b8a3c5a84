import type { Locale } from '../users/user.model.js';

/** The words of a report's PDF and CSV, per language (the dashboard has its own dictionary). */
const texts = {
  fr: {
    title: 'Rapport d’exposition',
    hub: 'Rapport du pôle',
    version: 'version {version}',
    asOf: 'Chiffres arrêtés au {date} (instantanés pris jusqu’à cette date)',
    builtAt: 'Produit le {date}',
    totals: 'Totaux du mois',
    previous: 'Mois précédent',
    change: 'Variation',
    adsPublished: 'Publicités publiées',
    posts: 'Publications',
    views: 'Vues',
    reach: 'Portée',
    engagements: 'Engagements',
    clicks: 'Clics',
    engagementRate: 'Taux d’engagement',
    byCampaign: 'Par campagne',
    byChannel: 'Par canal',
    byPlatform: 'Par plateforme',
    byTerritory: 'Par territoire',
    series: 'Par jour',
    topPosts: 'Meilleures publications',
    definitions: 'Définitions des mesures',
    time: 'Temps de la stratège et coût par membre',
    member: 'Membre',
    minutes: 'Minutes',
    hours: 'Heures',
    cost: 'Coût ({currency})',
    share: 'Part',
    rate: 'Taux horaire : {rate} {currency}',
    total: 'Total',
    section: 'Section',
    key: 'Clé',
    label: 'Libellé',
    'empty.no-publications': 'Aucune publication ce mois-ci : rien à mesurer.',
    'empty.no-channel': 'Cette entreprise n’a aucun canal : rien n’a pu être publié pour elle.',
    'empty.future-period': 'Cette période n’est pas encore commencée.',
    noDefinitions: 'Aucune mesure lue pour cette période.',
  },
  en: {
    title: 'Exposure report',
    hub: 'Hub report',
    version: 'version {version}',
    asOf: 'Figures as of {date} (snapshots taken until then)',
    builtAt: 'Built on {date}',
    totals: 'Month totals',
    previous: 'Previous month',
    change: 'Change',
    adsPublished: 'Ads published',
    posts: 'Posts',
    views: 'Views',
    reach: 'Reach',
    engagements: 'Engagements',
    clicks: 'Clicks',
    engagementRate: 'Engagement rate',
    byCampaign: 'By campaign',
    byChannel: 'By channel',
    byPlatform: 'By platform',
    byTerritory: 'By territory',
    series: 'By day',
    topPosts: 'Top posts',
    definitions: 'Metric definitions',
    time: 'Strategist time and cost per member',
    member: 'Member',
    minutes: 'Minutes',
    hours: 'Hours',
    cost: 'Cost ({currency})',
    share: 'Share',
    rate: 'Hourly rate: {rate} {currency}',
    total: 'Total',
    section: 'Section',
    key: 'Key',
    label: 'Label',
    'empty.no-publications': 'No publication this month: nothing to measure.',
    'empty.no-channel': 'This enterprise has no channel: nothing could be published for it.',
    'empty.future-period': 'This period has not started yet.',
    noDefinitions: 'No metric was read for this period.',
  },
} satisfies Record<Locale, Record<string, string>>;

export type ReportTextKey = keyof (typeof texts)['fr'];

/** A report text in one language, `{name}` placeholders filled. */
export function reportText(
  locale: Locale,
  key: ReportTextKey,
  params: Record<string, string | number> = {},
): string {
  return texts[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const intl: Record<Locale, string> = { fr: 'fr-CA', en: 'en-CA' };

/** 12 345 (fr) or 12,345 (en). */
export const formatCount = (locale: Locale, n: number) => new Intl.NumberFormat(intl[locale]).format(n);
/** 3,4 % (fr) or 3.4% (en), from a decimal. */
export const formatRate = (locale: Locale, r: number) =>
  new Intl.NumberFormat(intl[locale], { style: 'percent', maximumFractionDigits: 1 }).format(r);
/** 1 234,50 $ (fr) or $1,234.50 (en). */
export const formatMoney = (locale: Locale, n: number, currency = 'CAD') =>
  new Intl.NumberFormat(intl[locale], { style: 'currency', currency }).format(n);
/** "+12 %" change from the previous value, "—" without one. */
export function formatChange(locale: Locale, now: number, before: number): string {
  if (before === 0) return '—';
  const change = (now - before) / before;
  return `${change > 0 ? '+' : ''}${formatRate(locale, change)}`;
}
/**
 * "octobre 2026" / "October 2026", from "YYYY-MM". The month name alone comes from Intl and the
 * year is written as is, so no runtime can group its digits ("2 026").
 */
export function formatMonth(locale: Locale, month: string): string {
  const [y, m] = month.split('-') as [string, string];
  const name = new Intl.DateTimeFormat(intl[locale], { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, Number(m) - 1, 15)),
  );
  return `${name} ${y}`;
}

/** "d’octobre 2026" / "de septembre 2026" (French elides "de" before a vowel), "October 2026" in English. */
export function ofMonth(locale: Locale, month: string): string {
  const label = formatMonth(locale, month);
  if (locale !== 'fr') return label;
  return /^[aeiouyàâéèêîïôû]/i.test(label) ? `d’${label}` : `de ${label}`;
}
