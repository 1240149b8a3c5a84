import { isAdapterError, PermanentError } from '../adapter-errors.js';
import { emptyMetrics, engagementRate, type PostMetrics } from '../platform.types.js';
import type { GraphClient } from './graph-client.js';

interface InsightRow {
  name: string;
  values?: { value?: unknown }[];
}

interface PostCounts {
  shares?: { count?: number };
  reactions?: { summary?: { total_count?: number } };
  comments?: { summary?: { total_count?: number } };
}

/** A metric value is a number, or an object of numbers for breakdown metrics: both become one number. */
export function metricNumber(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value && typeof value === 'object') {
    return Object.values(value).reduce<number>((sum, v) => sum + metricNumber(v), 0);
  }
  return 0;
}

/**
 * Asks for every metric at once; when Graph rejects the request as a whole (one
 * invalid metric fails all of them), asks again one metric at a time and skips
 * only those it rejects.
 */
async function insights(client: GraphClient, postId: string, token: string, metrics: string[]) {
  const values = new Map<string, number>();
  const ask = async (names: string[]) => {
    const answer = await client.call<{ data?: InsightRow[] }>({
      path: `/${encodeURIComponent(postId)}/insights`,
      token,
      params: { metric: names.join(',') },
      what: 'reading post insights',
    });
    for (const row of answer.data ?? []) values.set(row.name, metricNumber(row.values?.at(-1)?.value));
  };
  if (metrics.length === 0) return values;
  try {
    await ask(metrics);
  } catch (err) {
    if (!(err instanceof PermanentError) || metrics.length === 1) throw err;
    for (const metric of metrics) {
      try {
        await ask([metric]);
      } catch (single) {
        if (!(single instanceof PermanentError)) throw single;
      }
    }
  }
  return values;
}

async function counts(client: GraphClient, postId: string, token: string): Promise<PostCounts | undefined> {
  try {
    return await client.call<PostCounts>({
      path: `/${encodeURIComponent(postId)}`,
      token,
      params: {
        fields: 'shares,reactions.limit(0).summary(total_count),comments.limit(0).summary(total_count)',
      },
      what: 'reading post counts',
    });
  } catch (err) {
    if (isAdapterError(err) && err.kind === 'permanent') return undefined;
    throw err;
  }
}

const first = (values: Map<string, number>, names: string[]) =>
  names.map((n) => values.get(n)).find((v) => v !== undefined);

export async function facebookPostMetrics(
  client: GraphClient,
  postId: string,
  token: string,
): Promise<PostMetrics> {
  const [values, postCounts] = await Promise.all([
    insights(client, postId, token, client.settings.metrics ?? []),
    counts(client, postId, token),
  ]);
  if (values.size === 0 && !postCounts) return emptyMetrics();
  const m = {
    views: first(values, ['post_media_view', 'post_impressions']) ?? 0,
    clicks: first(values, ['post_clicks', 'post_clicks_by_type']) ?? 0,
    reactions:
      postCounts?.reactions?.summary?.total_count ?? first(values, ['post_reactions_by_type_total']) ?? 0,
    comments: postCounts?.comments?.summary?.total_count ?? 0,
    shares: postCounts?.shares?.count ?? 0,
  };
  const reach = first(values, ['post_total_media_view_unique', 'post_impressions_unique']) ?? null;
  return { ...m, reach, engagementRate: engagementRate(m) };
}
