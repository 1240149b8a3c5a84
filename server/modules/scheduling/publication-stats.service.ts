import { Types } from 'mongoose';
import { hubMonth } from '../../lib/hub-time.js';
import type { Platform } from '../channels/adapters/platform.types.js';
import { bumpExposureGeneration } from '../statistics/exposure-cache.js';
import { PublicationModel } from './publication.model.js';

/** A published post whose metrics are due, as the stats collector needs it. */
export interface StatsDue {
  id: string;
  channelId: string;
  platform: Platform;
  /** Unset when the post was marked as posted by hand without its id: it cannot be read. */
  platformPostId?: string;
  publishedAt: Date;
  enterpriseIds: string[];
  /** Hub-local month of publication, "YYYY-MM". */
  month: string;
  /** The latest values kept on the publication (null before the first read). */
  metrics: StoredMetrics | null;
}

export interface StoredMetrics {
  views: number;
  reach: number;
  clicks: number;
  reactions: number;
  comments: number;
  shares: number;
  engagementRate: number;
  fetchedAt?: Date;
}

/** What one read decided for one publication: its new values and when it is next due (null: never). */
export interface StatsUpdate {
  id: string;
  metrics?: StoredMetrics;
  statsDueAt: Date | null;
}

const oid = (id: string) => new Types.ObjectId(id);

/**
 * Up to `limit` published posts whose metrics are due at `now`, oldest due first. The caller
 * holds the stats tick's lock (one reader at a time), so nothing is written here.
 */
export async function findStatsDue(now: Date, limit: number): Promise<StatsDue[]> {
  const docs = await PublicationModel.find({ statsDueAt: { $lte: now }, status: 'published' })
    .select('channelId platform platformPostId publishedAt enterpriseIds month metrics statsDueAt')
    .sort({ statsDueAt: 1 })
    .limit(limit)
    .lean();
  return docs.map((d) => ({
    id: String(d._id),
    channelId: String(d.channelId),
    platform: d.platform as Platform,
    ...(d.platformPostId ? { platformPostId: d.platformPostId } : {}),
    publishedAt: d.publishedAt ?? now,
    enterpriseIds: (d.enterpriseIds ?? []).map(String),
    month: d.month,
    metrics: d.metrics ? (d.metrics as StoredMetrics) : null,
  }));
}

/**
 * Writes the outcome of reads in one bulk write: the latest values on the publication (when
 * read) and the next due time (unset when the cadence has stopped). Does not touch
 * `updatedAt`: metrics are not an edit of the publication.
 */
export async function recordStats(updates: StatsUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const ops = updates.map((u) => {
    const set: Record<string, unknown> = {};
    if (u.metrics) set.metrics = u.metrics;
    if (u.statsDueAt) set.statsDueAt = u.statsDueAt;
    const update: Record<string, unknown> = {};
    if (Object.keys(set).length) update.$set = set;
    if (!u.statsDueAt) update.$unset = { statsDueAt: 1 };
    return { updateOne: { filter: { _id: oid(u.id) }, update } };
  });
  // One findOneAndUpdate per publication, a few at once: FerretDB 1.24 finds the document by
  // `_id` for findAndModify, while an update statement (bulkWrite) scans the collection.
  let next = 0;
  const lane = async () => {
    while (next < ops.length) {
      const { filter, update } = ops[next++]!.updateOne;
      await PublicationModel.collection.findOneAndUpdate(filter, update);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, ops.length) }, lane));
  // The driver bypasses the model's hooks: cached exposure figures are made stale here.
  await bumpExposureGeneration();
}

/** A publication that went out in the past, with its latest values (demo history, imports). */
export interface PastPublication {
  adId: string;
  channelId: string;
  campaignId: string;
  enterpriseIds: string[];
  platform: Platform;
  format: string;
  publishedAt: Date;
  platformPostId: string;
  permalink: string;
  metrics: StoredMetrics;
  statsDueAt: Date | null;
}

/** True when some publication was published before `before` (the history exists). */
export async function hasPublishedBefore(before: Date): Promise<boolean> {
  return Boolean(await PublicationModel.exists({ status: 'published', publishedAt: { $lt: before } }));
}

/**
 * Inserts publications already published, in bulk (validated, and shown in the calendar like
 * any other). Returns their ids, in order.
 */
export async function insertPastPublications(rows: PastPublication[]): Promise<string[]> {
  const docs = rows.map((r) => ({
    adId: oid(r.adId),
    channelId: oid(r.channelId),
    campaignId: oid(r.campaignId),
    enterpriseIds: r.enterpriseIds.map(oid),
    platform: r.platform,
    format: r.format,
    scheduledAt: r.publishedAt,
    month: hubMonth(r.publishedAt),
    status: 'published',
    publishedAt: r.publishedAt,
    platformPostId: r.platformPostId,
    permalink: r.permalink,
    metrics: r.metrics,
    ...(r.statsDueAt ? { statsDueAt: r.statsDueAt } : {}),
  }));
  const inserted = await PublicationModel.insertMany(docs);
  return inserted.map((d) => String(d._id));
}
