import { type AdapterError, PermanentError, RetryableError } from '../adapter-errors.js';
import { engagementRate, type MetricField, type PostMetrics } from '../platform.types.js';
import { type BatchAnswer, type BatchRead, GRAPH_BATCH_MAX, graphBatch } from './graph-batch.js';
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

const COUNT_FIELDS = 'shares,reactions.limit(0).summary(total_count),comments.limit(0).summary(total_count)';
/** Two reads per post (insights, then counts on the post object): 25 posts per batch. */
const POSTS_PER_BATCH = Math.floor(GRAPH_BATCH_MAX / 2);

/** A metric value is a number, or an object of numbers for breakdown metrics: both become one number. */
export function metricNumber(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value && typeof value === 'object') {
    return Object.values(value).reduce<number>((sum, v) => sum + metricNumber(v), 0);
  }
  return 0;
}

/**
 * Metrics Graph rejected as invalid (code 100 on the insights of a post that exists), per
 * client: one invalid metric fails the whole insights read, so they are left out from then on.
 */
const rejectedByClient = new WeakMap<GraphClient, Set<string>>();

function rejected(client: GraphClient): Set<string> {
  let set = rejectedByClient.get(client);
  if (!set) {
    set = new Set();
    rejectedByClient.set(client, set);
  }
  return set;
}

const insightsUrl = (postId: string, metrics: string[]) =>
  `${encodeURIComponent(postId)}/insights?metric=${metrics.map(encodeURIComponent).join(',')}`;

/** A failure only this post's read suffers (not found, invalid metric, transient): others go on. */
const ownFailure = (err: AdapterError) =>
  err.kind === 'permanent' || (err instanceof RetryableError && err.retryAfterMs === undefined);

/** Throws an error that concerns the whole page (throttle, token) rather than one read. */
function settle(answer: BatchAnswer): BatchAnswer {
  if (!answer.ok && !ownFailure(answer.error)) throw answer.error;
  return answer;
}

function insightValues(answer: BatchAnswer, into: Map<string, number>): void {
  if (!answer.ok) return;
  for (const row of (answer.data as { data?: InsightRow[] })?.data ?? []) {
    into.set(row.name, metricNumber(row.values?.at(-1)?.value));
  }
}

/** Asks again one metric at a time for posts whose insights were refused, and remembers the bad ones. */
async function insightsOneByOne(
  client: GraphClient,
  token: string,
  postIds: string[],
  metrics: string[],
  values: Map<string, Map<string, number>>,
): Promise<void> {
  const reads: { postId: string; metric: string }[] = postIds.flatMap((postId) =>
    metrics.map((metric) => ({ postId, metric })),
  );
  for (let i = 0; i < reads.length; i += GRAPH_BATCH_MAX) {
    const part = reads.slice(i, i + GRAPH_BATCH_MAX);
    const answers = await graphBatch(
      client,
      token,
      part.map((r) => ({ relativeUrl: insightsUrl(r.postId, [r.metric]) })),
      'reading post insights one metric at a time',
    );
    answers.forEach((answer, j) => {
      const read = part[j]!;
      settle(answer);
      if (answer.ok) insightValues(answer, values.get(read.postId)!);
      else if (answer.error instanceof PermanentError) rejected(client).add(read.metric);
    });
  }
}

const first = (values: Map<string, number>, names: string[]) =>
  names.map((n) => values.get(n)).find((v) => v !== undefined);

function toPostMetrics(values: Map<string, number>, counts: PostCounts | undefined): PostMetrics {
  const missing: MetricField[] = [];
  const pick = (field: MetricField, v: number | undefined) => {
    if (v === undefined) missing.push(field);
    return Math.max(0, v ?? 0);
  };
  const m = {
    views: pick('views', first(values, ['post_media_view', 'post_impressions'])),
    clicks: pick('clicks', first(values, ['post_clicks', 'post_clicks_by_type'])),
    reactions: pick(
      'reactions',
      counts?.reactions?.summary?.total_count ?? first(values, ['post_reactions_by_type_total']),
    ),
    comments: pick('comments', counts ? (counts.comments?.summary?.total_count ?? 0) : undefined),
    // `shares` is omitted when the post was never shared.
    shares: pick('shares', counts ? (counts.shares?.count ?? 0) : undefined),
  };
  const reach = first(values, ['post_total_media_view_unique', 'post_impressions_unique']);
  if (reach === undefined) missing.push('reach');
  return {
    ...m,
    reach: reach === undefined ? null : Math.max(0, reach),
    engagementRate: engagementRate(m),
    ...(missing.length ? { missing } : {}),
  };
}

/** Reads 25 posts in one batch: their insights and their counts. */
async function readBatch(
  client: GraphClient,
  token: string,
  postIds: string[],
  out: Record<string, PostMetrics>,
): Promise<void> {
  const metrics = (client.settings.metrics ?? []).filter((m) => !rejected(client).has(m));
  const reads: BatchRead[] = postIds.flatMap((postId) => [
    ...(metrics.length ? [{ relativeUrl: insightsUrl(postId, metrics) }] : []),
    { relativeUrl: `${encodeURIComponent(postId)}?fields=${COUNT_FIELDS}` },
  ]);
  const answers = (await graphBatch(client, token, reads, 'reading post metrics')).map(settle);
  const per = metrics.length ? 2 : 1;
  const values = new Map(postIds.map((id) => [id, new Map<string, number>()]));
  const refused: string[] = [];
  postIds.forEach((postId, i) => {
    const insights = metrics.length ? answers[i * per] : undefined;
    const counts = answers[i * per + per - 1];
    if (insights) insightValues(insights, values.get(postId)!);
    // Insights refused while the post itself was read: one metric is invalid.
    if (insights && !insights.ok && counts?.ok && insights.error instanceof PermanentError)
      refused.push(postId);
  });
  if (refused.length) await insightsOneByOne(client, token, refused, metrics, values);
  postIds.forEach((postId, i) => {
    const counts = answers[i * per + per - 1];
    const read = values.get(postId)!;
    // Nothing at all was read for this post: leave it out rather than report zeros.
    if (!counts?.ok && read.size === 0) return;
    out[postId] = toPostMetrics(read, counts?.ok ? (counts.data as PostCounts) : undefined);
  });
}

/**
 * Lifetime metrics of a page's posts through Graph batch requests (25 posts, 50 reads per
 * HTTP call). A post whose reads all failed is left out; a rejected metric is read without
 * and listed in `missing`. Throttles and token errors throw for the whole call.
 */
export async function facebookPostsMetrics(
  client: GraphClient,
  postIds: string[],
  token: string,
): Promise<Record<string, PostMetrics>> {
  const out: Record<string, PostMetrics> = {};
  for (let i = 0; i < postIds.length; i += POSTS_PER_BATCH) {
    await readBatch(client, token, postIds.slice(i, i + POSTS_PER_BATCH), out);
  }
  return out;
}
