import type { Types } from 'mongoose';
import type { PostMetrics, PublishedPost } from '../scheduling/published-posts.js';
import { MetricSnapshotModel } from './metric-snapshot.model.js';

/** One post's lifetime metrics as they stood at some instant; negative counts read as 0. */
export interface MetricValues {
  views: number;
  reach: number;
  clicks: number;
  reactions: number;
  comments: number;
  shares: number;
  /** When they were fetched (absent for metrics recorded without a time). */
  fetchedAt?: Date;
  /** Id of the metric definitions they were read with, when recorded. */
  definitions?: string;
}

interface SnapshotRow {
  publicationId: Types.ObjectId;
  at: Date;
  metrics?: PostMetrics;
  definitions?: string;
}

const count = (n: number | null | undefined) => (typeof n === 'number' && n > 0 ? n : 0);

function values(
  m: PostMetrics,
  fetchedAt: Date | null | undefined,
  definitions?: string | null,
): MetricValues {
  return {
    views: count(m.views),
    reach: count(m.reach),
    clicks: count(m.clicks),
    reactions: count(m.reactions),
    comments: count(m.comments),
    shares: count(m.shares),
    ...(fetchedAt ? { fetchedAt } : {}),
    ...(definitions ? { definitions } : {}),
  };
}

const CHUNK = 1000;

/** The latest snapshot at or before `asOf` of each publication, read by the (publicationId, at) index. */
async function snapshotsAsOf(ids: string[], asOf: Date): Promise<Map<string, MetricValues>> {
  const latest = new Map<string, SnapshotRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await MetricSnapshotModel.find(
      { publicationId: { $in: ids.slice(i, i + CHUNK) }, at: { $lte: asOf } },
      { publicationId: 1, at: 1, metrics: 1, definitions: 1 },
    ).lean<SnapshotRow[]>();
    for (const row of rows) {
      const id = String(row.publicationId);
      const held = latest.get(id);
      if (!held || held.at < row.at) latest.set(id, row);
    }
  }
  const found = new Map<string, MetricValues>();
  for (const [id, row] of latest)
    found.set(id, values(row.metrics ?? {}, row.at, row.definitions ?? row.metrics?.definitions));
  return found;
}

/**
 * Each post's metrics at `asOf`: the publication's own latest values when fetched at or
 * before `asOf` (no read), else its latest snapshot at or before `asOf` (one indexed query per
 * thousand such posts). A post with neither has no metrics yet (absent from the map), so
 * figures built again from the same snapshots with the same `asOf` are the same.
 */
export async function metricsAsOf(posts: PublishedPost[], asOf: Date): Promise<Map<string, MetricValues>> {
  const result = new Map<string, MetricValues>();
  const later: string[] = [];
  const asOfMs = asOf.getTime();
  for (const post of posts) {
    const m = post.metrics;
    if (!m) continue;
    const fetched = m.fetchedAt ? new Date(m.fetchedAt) : undefined;
    if (fetched && fetched.getTime() > asOfMs) later.push(post.id);
    else result.set(post.id, values(m, fetched, m.definitions));
  }
  if (later.length > 0) for (const [id, v] of await snapshotsAsOf(later, asOf)) result.set(id, v);
  return result;
}
