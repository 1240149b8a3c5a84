import type { Platform } from '../channels/adapters/platform.types.js';

/**
 * Which platform metric each of Vitrine's figures is read from, and since when
 * (../shared/PLATFORMS.md: Facebook renamed "impressions" to "views" on 2025-11-15 and
 * the reach family on 2026-06-15; LinkedIn's share statistics have kept their names).
 *
 * Every snapshot records the id of the definitions in force when it was taken, so a
 * report can say what its figures mean even years later. Ids are stable: never rename
 * one, add a new epoch instead.
 */
export type MetricName = 'views' | 'reach' | 'clicks' | 'reactions' | 'comments' | 'shares';

export interface MetricDefinitionSet {
  /** Stable id, "<platform>:<first day in force>", e.g. "facebook:2025-11-15". */
  id: string;
  platform: Platform;
  /** UTC instant from which these definitions apply (inclusive). */
  since: Date;
  /** Platform metric or field each figure is read from. */
  sources: Record<MetricName, string>;
}

const facebookCounts = {
  clicks: 'post_clicks',
  reactions: 'reactions.summary.total_count',
  comments: 'comments.summary.total_count',
  shares: 'shares.count',
};

const linkedInSources: Record<MetricName, string> = {
  views: 'impressionCount',
  reach: 'uniqueImpressionsCount',
  clicks: 'clickCount',
  reactions: 'likeCount',
  comments: 'commentCount',
  shares: 'shareCount',
};

/** Epochs per platform, oldest first. */
const definitionSets: readonly MetricDefinitionSet[] = [
  {
    id: 'facebook:2024-03-14',
    platform: 'facebook',
    since: new Date('2024-03-14T00:00:00Z'),
    sources: { views: 'post_impressions', reach: 'post_impressions_unique', ...facebookCounts },
  },
  {
    id: 'facebook:2025-11-15',
    platform: 'facebook',
    since: new Date('2025-11-15T00:00:00Z'),
    sources: { views: 'post_media_view', reach: 'post_impressions_unique', ...facebookCounts },
  },
  {
    id: 'facebook:2026-06-15',
    platform: 'facebook',
    since: new Date('2026-06-15T00:00:00Z'),
    sources: { views: 'post_media_view', reach: 'post_total_media_view_unique', ...facebookCounts },
  },
  {
    id: 'linkedin:2023-01-01',
    platform: 'linkedin',
    since: new Date('2023-01-01T00:00:00Z'),
    sources: linkedInSources,
  },
];

const byId = new Map(definitionSets.map((d) => [d.id, d]));

/**
 * The id of the definitions in force for `platform` at instant `at` (the fetch time of a
 * snapshot). Before the first known epoch, the first one applies.
 */
export function metricDefinitions(platform: Platform, at: Date): string {
  const sets = definitionSets.filter((d) => d.platform === platform);
  let found = sets[0];
  for (const d of sets) if (d.since.getTime() <= at.getTime()) found = d;
  if (!found) throw new Error(`no metric definitions for platform ${platform}`);
  return found.id;
}

/** The definition set behind an id, or undefined for an id this version does not know. */
export function metricDefinitionSet(id: string): MetricDefinitionSet | undefined {
  return byId.get(id);
}

const labels = {
  fr: {
    facebook: 'Facebook',
    linkedin: 'LinkedIn',
    since: 'depuis le',
    views: 'vues',
    reach: 'portée',
    clicks: 'clics',
    reactions: 'réactions',
    comments: 'commentaires',
    shares: 'partages',
    likeNote: 'un likeCount négatif compte pour 0',
    unknown: 'définitions inconnues',
  },
  en: {
    facebook: 'Facebook',
    linkedin: 'LinkedIn',
    since: 'since',
    views: 'views',
    reach: 'reach',
    clicks: 'clicks',
    reactions: 'reactions',
    comments: 'comments',
    shares: 'shares',
    likeNote: 'a negative likeCount counts as 0',
    unknown: 'unknown definitions',
  },
} as const;

/**
 * One line for reports, in the reader's language, e.g.
 * "Facebook (since 2025-11-15): views = post_media_view, reach = post_impressions_unique, …".
 * An unknown id is named as such rather than throwing (reports built by a newer version).
 */
export function describeMetricDefinitions(id: string, locale: 'fr' | 'en'): string {
  const l = labels[locale];
  const set = byId.get(id);
  if (!set) return `${l.unknown}: ${id}`;
  const names: MetricName[] = ['views', 'reach', 'clicks', 'reactions', 'comments', 'shares'];
  const parts = names.map((n) => `${l[n]} = ${set.sources[n]}`);
  if (set.platform === 'linkedin') parts.push(l.likeNote);
  const day = set.since.toISOString().slice(0, 10);
  // French puts a space before the colon.
  const colon = locale === 'fr' ? ' :' : ':';
  return `${l[set.platform]} (${l.since} ${day})${colon} ${parts.join(', ')}`;
}
