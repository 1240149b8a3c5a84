import { createHash } from 'node:crypto';

/** Lifetime counts of one post at one moment. Every breakdown sums to its total. */
export interface PostMetrics {
  views: number;
  uniqueViews: number;
  clicks: number;
  clicksByType: Record<string, number>;
  reactions: number;
  reactionsByType: Record<string, number>;
  comments: number;
  shares: number;
}

const DAY_MS = 86_400_000;
const REACTIONS = ['like', 'love', 'wow', 'haha', 'sorry', 'anger'];
const REACTION_WEIGHTS = [60, 20, 6, 8, 3, 1];
const CLICKS = ['link clicks', 'photo view', 'other clicks'];

/** Fractions in [0, 1) drawn from the post id, so a post always gets the same figures. */
function fractions(seed: string): number[] {
  const digest = createHash('sha256').update(seed).digest();
  const out: number[] = [];
  for (let i = 0; i + 4 <= digest.length; i += 4) out.push(digest.readUInt32BE(i) / 2 ** 32);
  return out;
}

/** Splits a total by weights (largest remainder), so the parts add up exactly. */
export function split(total: number, keys: string[], weights: number[]): Record<string, number> {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return Object.fromEntries(keys.map((k, i) => [k, parts[i] ?? 0]));
}

/**
 * Plausible metrics for a post: a reach potential and a pace drawn from the post id, and
 * views that saturate over days after publication. Every other count is a share of views.
 */
export function postMetrics(postId: string, publishedAt: Date, now: Date): PostMetrics {
  const u = fractions(postId);
  const f = (i: number) => u[i] ?? 0.5;
  const potential = 150 + Math.floor(f(0) ** 2 * 6_000);
  const paceDays = 0.4 + f(1) * 2.5;
  const ageDays = Math.max(0, now.getTime() - publishedAt.getTime()) / DAY_MS;
  const views = Math.floor(potential * (1 - Math.exp(-ageDays / paceDays)));
  const clicks = Math.floor(views * (0.005 + f(3) * 0.04));
  const reactions = Math.floor(views * (0.01 + f(4) * 0.05));
  return {
    views,
    uniqueViews: Math.floor(views * (0.55 + f(2) * 0.35)),
    clicks,
    clicksByType: split(clicks, CLICKS, [40 + f(5) * 40, 30, 10]),
    reactions,
    reactionsByType: split(reactions, REACTIONS, REACTION_WEIGHTS),
    comments: Math.floor(views * f(6) * 0.01),
    shares: f(7) < 0.35 ? 0 : Math.floor(views * f(7) * 0.006),
  };
}

/** A stored post's metrics at `now`: zero before it goes live, and for a post never published. */
export function metricsAt(
  post: { postId: string; published: boolean; publishAt: Date },
  now: Date,
): PostMetrics {
  const live = post.published && post.publishAt <= now;
  return postMetrics(post.postId, post.publishAt, live ? now : post.publishAt);
}
