import type { PublishedPost } from '../scheduling/published-posts.js';
import type { ExposurePoint, ExposureTotals } from './exposure.types.js';
import type { MetricValues } from './exposure-metrics.js';
import { bucketIndex, type ExposurePeriod } from './exposure-period.js';
import { metricDefinitions } from './metric-definitions.js';

/** Sums of one group of posts; `totals()` gives the contract's shape. */
export class Tally {
  readonly ads = new Set<string>();
  posts = 0;
  views = 0;
  reach = 0;
  clicks = 0;
  engagements = 0;

  add(post: PublishedPost, m: MetricValues | undefined): void {
    this.ads.add(post.adId);
    this.posts += 1;
    if (!m) return;
    this.views += m.views;
    this.reach += m.reach;
    this.clicks += m.clicks;
    this.engagements += m.clicks + m.reactions + m.comments + m.shares;
  }

  merge(other: Tally): void {
    for (const ad of other.ads) this.ads.add(ad);
    this.posts += other.posts;
    this.views += other.views;
    this.reach += other.reach;
    this.clicks += other.clicks;
    this.engagements += other.engagements;
  }

  totals(): ExposureTotals {
    return {
      adsPublished: this.ads.size,
      posts: this.posts,
      views: this.views,
      reach: this.reach,
      engagements: this.engagements,
      clicks: this.clicks,
      engagementRate: rate(this.engagements, this.views),
    };
  }
}

/** engagements / views as a decimal rounded to 6 places (0 without views). */
export const rate = (engagements: number, views: number) =>
  views > 0 ? Math.round((engagements / views) * 1e6) / 1e6 : 0;

const tallyOf = (map: Map<string, Tally>, key: string) => {
  let t = map.get(key);
  if (!t) {
    t = new Tally();
    map.set(key, t);
  }
  return t;
};

/** The raw figures of a period, grouped by ids (labels come after, in one batch). */
export interface RawFigures {
  totals: Tally;
  previous: Tally;
  byCampaign: Map<string, Tally>;
  byChannel: Map<string, Tally>;
  byPlatform: Map<string, Tally>;
  /** By the enterprise a post counts for in territories (see `territoryEnterprise`). */
  byTerritoryEnterprise: Map<string, Tally>;
  series: ExposurePoint[];
  /** Posts of the period, best first (views, then engagements, then earliest). */
  ranked: PublishedPost[];
  /** Metric definition ids the period's figures were read with, sorted. */
  definitionIds: string[];
}

/**
 * The enterprise whose territory a post counts in: the filtered enterprise when there is one,
 * else the first featured (the ad's lead, whose colour and photo it shows), so that territory
 * lines add up to the totals; '' for a post featuring none.
 */
export function territoryEnterprise(post: PublishedPost, enterpriseId?: string): string {
  return enterpriseId && post.enterpriseIds.includes(enterpriseId)
    ? enterpriseId
    : (post.enterpriseIds[0] ?? '');
}

/** clicks + reactions + comments + shares (0 without metrics). */
export function engagementsOf(m: MetricValues | undefined): number {
  return m ? m.clicks + m.reactions + m.comments + m.shares : 0;
}

/** Groups posts of the previous period and this one, in one pass: no query, no date library per post. */
export function tallyFigures(
  posts: PublishedPost[],
  metrics: Map<string, MetricValues>,
  period: ExposurePeriod,
  enterpriseId?: string,
): RawFigures {
  const f: RawFigures = {
    totals: new Tally(),
    previous: new Tally(),
    byCampaign: new Map(),
    byChannel: new Map(),
    byPlatform: new Map(),
    byTerritoryEnterprise: new Map(),
    series: period.buckets.map((b) => ({ period: b.key, posts: 0, views: 0, engagements: 0 })),
    ranked: [],
    definitionIds: [],
  };
  const definitions = new Set<string>();
  for (const post of posts) {
    const ms = post.publishedAt.getTime();
    const m = metrics.get(post.id);
    if (ms >= period.previous.startMs && ms < period.previous.endMs) f.previous.add(post, m);
    if (ms < period.startMs || ms >= period.endMs) continue;
    f.totals.add(post, m);
    tallyOf(f.byCampaign, post.campaignId).add(post, m);
    tallyOf(f.byChannel, post.channelId).add(post, m);
    tallyOf(f.byPlatform, post.platform).add(post, m);
    tallyOf(f.byTerritoryEnterprise, territoryEnterprise(post, enterpriseId)).add(post, m);
    const point = f.series[bucketIndex(period.buckets, ms)]!;
    point.posts += 1;
    point.views += m?.views ?? 0;
    point.engagements += engagementsOf(m);
    f.ranked.push(post);
    if (m)
      definitions.add(m.definitions ?? metricDefinitions(post.platform, m.fetchedAt ?? post.publishedAt));
  }
  const score = (p: PublishedPost) => metrics.get(p.id);
  f.ranked.sort(
    (a, b) =>
      (score(b)?.views ?? 0) - (score(a)?.views ?? 0) ||
      engagementsOf(score(b)) - engagementsOf(score(a)) ||
      a.publishedAt.getTime() - b.publishedAt.getTime() ||
      a.id.localeCompare(b.id),
  );
  f.definitionIds = [...definitions].sort();
  return f;
}
