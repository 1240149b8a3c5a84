import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { findPage, type Page } from '../../lib/pagination.js';
import { parseInput } from '../../lib/validate.js';
import { scopedFilter } from '../access/access.policy.js';
import type { PublicUser } from '../users/user.service.js';
import { offsetInUse } from './local-time.js';
import { checksOf, noCheck, type PreflightCheck } from './preflight.store.js';
import {
  type ErrorClass,
  type PublicationDoc,
  PublicationModel,
  type PublicationStatus,
} from './publication.model.js';
import { type PublicationListQuery, publicationListSchema } from './publication.schemas.js';

/** A publication as it leaves this module. Times are UTC instants. */
export interface Publication {
  id: string;
  adId: string;
  channelId: string;
  campaignId: string;
  enterpriseIds: string[];
  platform: 'facebook' | 'linkedin';
  format: string;
  scheduledAt: Date;
  status: PublicationStatus;
  statusReason: string | null;
  /** Send it back with a reschedule so that a move based on stale data is refused. */
  fence: number;
  attempts: number;
  lastError: { class: ErrorClass; code: string; message: string; at: Date } | null;
  /** The pre-flight check of this turn (T-24 h, T-1 h): problems staff must fix before its time. */
  preflight: PreflightCheck;
  platformPostId: string | null;
  permalink: string | null;
  publishedAt: Date | null;
  publishedRevision: number | null;
  month: string;
  createdAt: Date;
  updatedAt: Date;
}

export function toPublication(doc: PublicationDoc): Publication {
  const e = doc.lastError;
  return {
    id: String(doc._id),
    adId: String(doc.adId),
    channelId: String(doc.channelId),
    campaignId: String(doc.campaignId),
    enterpriseIds: (doc.enterpriseIds ?? []).map(String),
    platform: doc.platform,
    format: doc.format,
    scheduledAt: doc.scheduledAt,
    status: doc.status,
    statusReason: doc.statusReason ?? null,
    fence: doc.fence,
    attempts: doc.attempts ?? 0,
    lastError: e?.class
      ? { class: e.class, code: e.code ?? '', message: e.message ?? '', at: e.at ?? doc.updatedAt }
      : null,
    preflight: noCheck,
    platformPostId: doc.platformPostId ?? null,
    permalink: doc.permalink ?? null,
    publishedAt: doc.publishedAt ?? null,
    publishedRevision: doc.publishedRevision ?? null,
    month: doc.month,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** A period bound: an ISO instant, or a hub-local date (its start for `from`, its end for `to`). */
function bound(value: string, field: 'from' | 'to'): Date {
  const zone = config().HUB_TIMEZONE;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone }) : undefined;
  const dt = day
    ? field === 'from'
      ? day.startOf('day')
      : day.endOf('day')
    : DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid || !offsetInUse(dt)) {
    throw new ValidationError('Invalid period.', [
      { field, message: 'must be a date YYYY-MM-DD or an ISO 8601 instant (UTC offset −12:00 to +14:00)' },
    ]);
  }
  return dt.toJSDate();
}

/** The publications the user may see (a member: those featuring its enterprise), newest schedule last. */
export async function listPublications(
  user: PublicUser,
  query: PublicationListQuery = {},
): Promise<Page<Publication>> {
  const q = parseInput(publicationListSchema, query, 'Query');
  const filter: Record<string, unknown> = {};
  const range: Record<string, Date> = {};
  if (q.from) range.$gte = bound(q.from, 'from');
  if (q.to) range.$lte = bound(q.to, 'to');
  if (range.$gte && range.$lte && range.$gte > range.$lte) {
    throw new ValidationError('Invalid period.', [{ field: 'to', message: 'must be after from' }]);
  }
  if (Object.keys(range).length > 0) filter.scheduledAt = range;
  if (q.channelId) filter.channelId = q.channelId;
  if (q.campaignId) filter.campaignId = q.campaignId;
  if (q.enterpriseId) filter.enterpriseIds = q.enterpriseId;
  if (q.adId) filter.adId = q.adId;
  if (q.status && q.status.length > 0) filter.status = { $in: q.status };
  const order = q.sort === '-scheduledAt' ? -1 : 1;
  const page = await findPage(
    PublicationModel,
    scopedFilter(user, filter, 'enterpriseIds'),
    { scheduledAt: order, _id: order },
    q,
    toPublication,
  );
  return { ...page, data: await withChecks(page.data) };
}

export async function findPublicationDoc(id: string): Promise<PublicationDoc | undefined> {
  if (!/^[a-f0-9]{24}$/.test(id)) return undefined;
  return (await PublicationModel.findById(id).lean<PublicationDoc>()) ?? undefined;
}

export async function getPublication(user: PublicUser, id: string): Promise<Publication> {
  const doc = /^[a-f0-9]{24}$/.test(id)
    ? await PublicationModel.findOne(scopedFilter(user, { _id: id }, 'enterpriseIds')).lean<PublicationDoc>()
    : null;
  if (!doc) throw new NotFoundError('Publication');
  return (await withChecks([toPublication(doc)]))[0]!;
}

/** Adds each publication's pre-flight check (kept in its own collection). */
async function withChecks(list: Publication[]): Promise<Publication[]> {
  const checks = await checksOf(list);
  return list.map((p) => ({ ...p, preflight: checks.get(p.id) ?? noCheck }));
}

/** A channel's time taken by a publication. `at` is UTC. */
export interface BusySlot {
  channelId: string;
  adId: string;
  at: Date;
  /** A cancelled row frees the channel but still holds its (ad, channel, instant) key. */
  cancelled: boolean;
}

/**
 * The publications of these channels scheduled between two instants, cancelled ones
 * included, in one query: a planner reads them once and checks gaps and collisions in code.
 */
export async function busySlots(channelIds: string[], from: Date, to: Date): Promise<BusySlot[]> {
  if (channelIds.length === 0) return [];
  const docs = await PublicationModel.find(
    { channelId: { $in: channelIds }, scheduledAt: { $gte: from, $lte: to } },
    { channelId: 1, adId: 1, scheduledAt: 1, status: 1 },
  ).lean<Pick<PublicationDoc, '_id' | 'channelId' | 'adId' | 'scheduledAt' | 'status'>[]>();
  return docs.map((d) => ({
    channelId: String(d.channelId),
    adId: String(d.adId),
    at: d.scheduledAt,
    cancelled: d.status === 'cancelled',
  }));
}
