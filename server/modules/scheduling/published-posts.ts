import type { Types } from 'mongoose';
import type { Platform } from '../channels/adapters/platform.types.js';
import { PublicationModel } from './publication.model.js';

/** The latest metrics a publication keeps (lifetime values), as exposure figures read them. */
export interface PostMetrics {
  views?: number | null;
  reach?: number | null;
  clicks?: number | null;
  reactions?: number | null;
  comments?: number | null;
  shares?: number | null;
  fetchedAt?: Date | null;
  /** Id of the metric definitions they were read with (statistics/metric-definitions.ts), when recorded. */
  definitions?: string | null;
}

/** A published post, projected to what exposure figures need. */
export interface PublishedPost {
  id: string;
  adId: string;
  channelId: string;
  campaignId: string;
  enterpriseIds: string[];
  platform: Platform;
  format: string;
  publishedAt: Date;
  /** Hub-local month of publication, "YYYY-MM". */
  month: string;
  permalink: string | null;
  metrics: PostMetrics | null;
}

export interface PublishedPostsQuery {
  /** Hub-local months ("YYYY-MM") to read (the `month` index); absent: every month. */
  months?: string[];
  /** UTC ms bounds, [startMs, endMs): posts published outside are left out. */
  startMs: number;
  endMs: number;
  enterpriseId?: string | undefined;
  campaignId?: string | undefined;
  channelId?: string | undefined;
  platform?: Platform | undefined;
}

interface Row {
  _id: Types.ObjectId;
  adId: Types.ObjectId;
  channelId: Types.ObjectId;
  campaignId: Types.ObjectId;
  enterpriseIds?: Types.ObjectId[];
  platform: Platform;
  format: string;
  publishedAt?: Date;
  month: string;
  permalink?: string;
  metrics?: PostMetrics;
}

const projection = {
  adId: 1,
  channelId: 1,
  campaignId: 1,
  enterpriseIds: 1,
  platform: 1,
  format: 1,
  publishedAt: 1,
  month: 1,
  permalink: 1,
  metrics: 1,
};

/**
 * The publications published within [startMs, endMs) and the filters, one query per month on
 * the `month` index (with the enterprise, campaign or channel beside it), or one query over
 * every month: no join, no date operator, so MongoDB and FerretDB answer the same.
 */
export async function findPublishedPosts(q: PublishedPostsQuery): Promise<PublishedPost[]> {
  const filter: Record<string, unknown> = { status: 'published' };
  if (q.enterpriseId) filter.enterpriseIds = q.enterpriseId;
  if (q.campaignId) filter.campaignId = q.campaignId;
  if (q.channelId) filter.channelId = q.channelId;
  if (q.platform) filter.platform = q.platform;
  // One equality per month rather than $in: FerretDB pushes equalities down to its backend.
  const months = await Promise.all(
    (q.months ?? [undefined]).map((month) =>
      PublicationModel.find(month ? { month, ...filter } : filter, projection).lean<Row[]>(),
    ),
  );
  const posts: PublishedPost[] = [];
  for (const r of months.flat()) {
    const at = r.publishedAt?.getTime();
    if (at === undefined || at < q.startMs || at >= q.endMs) continue;
    posts.push({
      id: String(r._id),
      adId: String(r.adId),
      channelId: String(r.channelId),
      campaignId: String(r.campaignId),
      enterpriseIds: (r.enterpriseIds ?? []).map(String),
      platform: r.platform,
      format: r.format,
      publishedAt: r.publishedAt!,
      month: r.month,
      permalink: r.permalink ?? null,
      metrics: r.metrics ?? null,
    });
  }
  return posts;
}

/** Whether any publication featuring the enterprise was ever published (on any channel). */
export async function everPublishedFor(enterpriseId: string): Promise<boolean> {
  return Boolean(await PublicationModel.exists({ enterpriseIds: enterpriseId, status: 'published' }));
}
