import type { Platform } from '../channels/adapters/platform.types.js';

/**
 * The figures of exposure for one period and one scope, in one shape for the exposure page,
 * the monthly reports (frozen as they are), their CSV and their PDF.
 *
 * A publication counts in the period holding its `publishedAt` in the hub's time zone
 * (HUB_TIMEZONE); its metrics are its lifetime values from the latest snapshot taken at or
 * before `asOf` (so a build from the same snapshots gives the same figures).
 */
export interface ExposureTotals {
  /** Distinct ads with at least one publication published in the period. */
  adsPublished: number;
  /** Publications published in the period (one per ad and channel). */
  posts: number;
  views: number;
  /** Sum of per-post reach (unique viewers); a platform that gives none counts 0 and says so in `definitions`. */
  reach: number;
  /** clicks + reactions + comments + shares. */
  engagements: number;
  clicks: number;
  /** engagements / views over the whole group, as a decimal (0 without views). */
  engagementRate: number;
}

/** One line of a breakdown (by campaign, channel, platform or territory). */
export interface ExposureGroup extends ExposureTotals {
  key: string;
  label: string;
}

export interface ExposureTopPost {
  publicationId: string;
  adId: string;
  channelId: string;
  channelName: string;
  platform: Platform;
  /** UTC instant, ISO 8601. */
  publishedAt: string;
  caption: string;
  permalink?: string;
  /**
   * A small thumbnail of the ad's render as lists serve it: a WebP data URL of a few KB (160 px)
   * kept with the ad, else the render's path served by the web process (/api/v1/media/…).
   */
  thumbnailUrl?: string;
  views: number;
  reach: number;
  engagements: number;
  engagementRate: number;
}

/** One point of a time series: one hub-local day or month. */
export interface ExposurePoint {
  /** "YYYY-MM-DD" or "YYYY-MM", hub-local. */
  period: string;
  posts: number;
  views: number;
  engagements: number;
}

export interface ExposureFilter {
  /** Hub-local first day, "YYYY-MM-DD". */
  from: string;
  /** Hub-local last day, inclusive, "YYYY-MM-DD". */
  to: string;
  enterpriseId?: string;
  campaignId?: string;
  channelId?: string;
  platform?: Platform;
}

export interface Exposure {
  filter: ExposureFilter;
  /** UTC instant, ISO 8601: snapshots taken after it are not in these figures. */
  asOf: string;
  totals: ExposureTotals;
  /** The same figures over the period of the same length just before (for "change from the previous period"). */
  previous: ExposureTotals;
  /**
   * Which days `previous` covers (hub-local, inclusive): as many whole months before when the
   * period is whole months (September for October), else as many days.
   */
  previousPeriod?: { from: string; to: string };
  byCampaign: ExposureGroup[];
  byChannel: ExposureGroup[];
  byPlatform: ExposureGroup[];
  byTerritory: ExposureGroup[];
  /** By hub-local day for periods up to 62 days, by month beyond. */
  series: ExposurePoint[];
  /** Up to 5, by views then engagements. */
  topPosts: ExposureTopPost[];
  /** Metric definitions the figures were read with, e.g. "facebook: views = post_media_view (since 2025-11-15)". */
  definitions: string[];
  /** The ids behind `definitions` (statistics/metric-definitions.ts), to describe them in another language. */
  definitionIds?: string[];
  /** Set when there is nothing to show, with why: "no-publications", "future-period", "no-channel". */
  empty?: 'no-publications' | 'future-period' | 'no-channel';
}
