import { emptyMetrics, engagementRate, metricFields, type PostMetrics } from '../platform.types.js';
import { organizationUrn, type RestClient } from './rest-client.js';

interface ShareStatistics {
  impressionCount?: number;
  uniqueImpressionsCount?: number;
  clickCount?: number;
  likeCount?: number;
  commentCount?: number;
  shareCount?: number;
  engagement?: number;
}

interface StatisticsElement {
  share?: string;
  ugcPost?: string;
  totalShareStatistics?: ShareStatistics;
}

/**
 * The Rest.li 2.0 query, by hand: URNs percent-encoded, `List(`, `,` and `)` literal.
 * (axios `params` would turn %3A back into ':'.)
 */
export function statisticsQuery(organization: string, postIds: string[]): string {
  const shares = postIds.filter((id) => !id.startsWith('urn:li:ugcPost:'));
  const ugcPosts = postIds.filter((id) => id.startsWith('urn:li:ugcPost:'));
  const list = (ids: string[]) => `List(${ids.map(encodeURIComponent).join(',')})`;
  const parts = [
    'q=organizationalEntity',
    `organizationalEntity=${encodeURIComponent(organizationUrn(organization))}`,
  ];
  if (shares.length) parts.push(`shares=${list(shares)}`);
  if (ugcPosts.length) parts.push(`ugcPosts=${list(ugcPosts)}`);
  return `/rest/organizationalEntityShareStatistics?${parts.join('&')}`;
}

/**
 * One post's row in our shape. LinkedIn's `likeCount` can be negative (likes withdrawn,
 * PLATFORMS.md, Statistics): it is clamped to 0 for this post alone, before anything is
 * added up, and the engagement rate is computed again from the clamped counts rather than
 * taken from LinkedIn's `engagement` (which counts the negative likes), so no total over
 * several posts is ever lowered by one post's negative count.
 */
export function toMetrics(s: ShareStatistics | undefined): PostMetrics {
  if (!s) return { ...emptyMetrics(), missing: [...metricFields] };
  const count = (v: number | undefined) => Math.max(0, v ?? 0);
  const m = {
    views: count(s.impressionCount),
    clicks: count(s.clickCount),
    reactions: count(s.likeCount),
    comments: count(s.commentCount),
    shares: count(s.shareCount),
  };
  const reach = s.uniqueImpressionsCount;
  return {
    ...m,
    reach: typeof reach === 'number' ? Math.max(0, reach) : null,
    engagementRate: engagementRate(m),
    ...(typeof reach === 'number' ? {} : { missing: ['reach' as const] }),
  };
}

/**
 * Lifetime statistics per post, 20 URNs per call. Posts LinkedIn leaves out of the answer had
 * no activity ("counts of 0") or are past its 12-month window: zeros, every figure listed in
 * `missing`, so that values read before are kept.
 */
export async function linkedInPostMetrics(
  client: RestClient,
  organization: string,
  token: string,
  postIds: string[],
): Promise<Record<string, PostMetrics>> {
  const result: Record<string, PostMetrics> = {};
  for (const id of postIds) result[id] = toMetrics(undefined);
  const shares = postIds.filter((id) => !id.startsWith('urn:li:ugcPost:'));
  const ugcPosts = postIds.filter((id) => id.startsWith('urn:li:ugcPost:'));
  // One parameter kind per request, in batches that keep the URL short.
  for (const group of [shares, ugcPosts]) {
    for (let i = 0; i < group.length; i += 20) {
      const { data } = await client.call<{ elements?: StatisticsElement[] }>({
        url: statisticsQuery(organization, group.slice(i, i + 20)),
        token,
        what: 'reading post statistics',
      });
      for (const el of data.elements ?? []) {
        const id = el.share ?? el.ugcPost;
        if (id && id in result) result[id] = toMetrics(el.totalShareStatistics);
      }
    }
  }
  return result;
}
