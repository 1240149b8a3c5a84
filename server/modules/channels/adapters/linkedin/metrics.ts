import { emptyMetrics, engagementRate, type PostMetrics } from '../platform.types.js';
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

export function toMetrics(s: ShareStatistics | undefined): PostMetrics {
  if (!s) return emptyMetrics();
  const m = {
    views: s.impressionCount ?? 0,
    clicks: s.clickCount ?? 0,
    // likeCount can be negative (likes withdrawn): never report fewer than none.
    reactions: Math.max(0, s.likeCount ?? 0),
    comments: s.commentCount ?? 0,
    shares: s.shareCount ?? 0,
  };
  return {
    ...m,
    reach: s.uniqueImpressionsCount ?? null,
    engagementRate: typeof s.engagement === 'number' ? s.engagement : engagementRate(m),
  };
}

/** Lifetime statistics per post; posts LinkedIn leaves out of the answer had no activity: zeros. */
export async function linkedInPostMetrics(
  client: RestClient,
  organization: string,
  token: string,
  postIds: string[],
): Promise<Record<string, PostMetrics>> {
  const result: Record<string, PostMetrics> = {};
  for (const id of postIds) result[id] = emptyMetrics();
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
