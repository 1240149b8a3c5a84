import { Types } from 'mongoose';
import type { Platform } from '../channels/adapters/platform.types.js';
import { bumpExposureGeneration } from './exposure-cache.js';
import { MetricSnapshotModel } from './metric-snapshot.model.js';

/** The figures a snapshot keeps: lifetime values, never negative. */
export interface SnapshotMetrics {
  views: number;
  reach: number;
  clicks: number;
  reactions: number;
  comments: number;
  shares: number;
  engagementRate: number;
}

/** One snapshot to append. `definitions` is the id from metric-definitions.ts in force at `at`. */
export interface NewSnapshot {
  publicationId: string;
  at: Date;
  metrics: SnapshotMetrics;
  definitions: string;
  channelId: string;
  platform: Platform;
  enterpriseIds: string[];
  /** The publication's hub-local month of publication, "YYYY-MM". */
  month: string;
}

export interface StoredSnapshot extends NewSnapshot {
  id: string;
}

const oid = (id: string) => new Types.ObjectId(id);

/**
 * Appends snapshots in bulk (unordered: one bad or duplicate row does not stop the others).
 * A second snapshot of the same publication at the same instant is a duplicate and is
 * skipped (the unique index), so a repeated run appends nothing twice.
 * Returns how many were written. Snapshots are never updated or deleted.
 */
export async function appendSnapshots(rows: NewSnapshot[]): Promise<number> {
  if (rows.length === 0) return 0;
  const docs = rows.map((r) => ({
    publicationId: oid(r.publicationId),
    at: r.at,
    metrics: { ...r.metrics, fetchedAt: r.at },
    definitions: r.definitions,
    channelId: oid(r.channelId),
    platform: r.platform,
    enterpriseIds: r.enterpriseIds.map(oid),
    month: r.month,
  }));
  let written = 0;
  for (let i = 0; i < docs.length; i += 5_000) {
    const chunk = docs.slice(i, i + 5_000);
    try {
      const result = await MetricSnapshotModel.collection.insertMany(chunk, { ordered: false });
      written += result.insertedCount;
    } catch (err) {
      const inserted = (err as { result?: { insertedCount?: number }; insertedCount?: number }) ?? {};
      const count = inserted.result?.insertedCount ?? inserted.insertedCount;
      if (!isDuplicateOnly(err) || count === undefined) throw err;
      written += count;
    }
  }
  // Cached exposure figures were built without these.
  if (written > 0) await bumpExposureGeneration();
  return written;
}

function isDuplicateOnly(err: unknown): boolean {
  const errors = (err as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
  const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
  if (list.length === 0) return (err as { code?: number }).code === 11000;
  return list.every((e) => e.code === 11000);
}

/**
 * The snapshots of these publications taken at or before `asOf`, oldest first, in chunks of
 * ids (one indexed query each). For tests and reports that need the history itself.
 */
export async function snapshotsOf(publicationIds: string[], asOf = new Date()): Promise<StoredSnapshot[]> {
  const out: StoredSnapshot[] = [];
  for (let i = 0; i < publicationIds.length; i += 1_000) {
    const ids = publicationIds.slice(i, i + 1_000).map(oid);
    const docs = await MetricSnapshotModel.find({ publicationId: { $in: ids }, at: { $lte: asOf } })
      .sort({ at: 1 })
      .lean();
    for (const d of docs) {
      const { fetchedAt: _f, ...metrics } = d.metrics;
      out.push({
        id: String(d._id),
        publicationId: String(d.publicationId),
        at: d.at,
        metrics: metrics as SnapshotMetrics,
        definitions: d.definitions,
        channelId: String(d.channelId ?? ''),
        platform: (d.platform ?? 'facebook') as Platform,
        enterpriseIds: (d.enterpriseIds ?? []).map(String),
        month: d.month ?? '',
      });
    }
  }
  return out;
}
