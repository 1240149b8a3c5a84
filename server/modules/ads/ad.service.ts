import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { keptDocuments } from '../../lib/kept-by-id.js';
import { withLock } from '../../lib/locks.js';
import { findPage, type Page, sortSpec } from '../../lib/pagination.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff, scopedFilter } from '../access/access.policy.js';
import { campaignRef } from '../campaigns/campaign.service.js';
import { assertEnterprisesExist } from '../enterprises/enterprise.service.js';
import { queueRenderAfterEdit } from '../rendering/render-jobs.js';
import type { PublicUser } from '../users/user.service.js';
import { type AdDoc, AdModel, type AdStatus, type ApprovalStatus, adWrites } from './ad.model.js';
import {
  type AdCreateInput,
  type AdListQuery,
  type AdUpdateInput,
  adCreateSchema,
  adListSchema,
  adSortFields,
  adUpdateSchema,
} from './ad.schemas.js';
import { checkAdFields } from './ad-fields.js';

/** An ad as it leaves this module. */
export interface Ad {
  id: string;
  campaignId: string;
  enterpriseIds: string[];
  templateId: string | null;
  fields: Record<string, string>;
  caption: { default: string; facebook?: string; linkedin?: string };
  link: string | null;
  renders: {
    format: string;
    fileId: string;
    url: string;
    hash: string;
    width: number;
    height: number;
    bytes: number;
    contentType: string;
    /** When it was stored; older than the ad's updatedAt means the ad was edited since. */
    renderedAt?: Date;
    /** A small WebP of the render as a data URL (lists show it without a request), else null. */
    thumbnailUrl: string | null;
  }[];
  approval: {
    required: boolean;
    status: ApprovalStatus | null;
    by: string | null;
    at: Date | null;
    comment: string | null;
    /** The revision `status` was given for; status reads `pending` once the ad is edited past it. */
    revision: number | null;
  };
  status: AdStatus;
  /** Content revision: each edit adds one. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toAd(doc: AdDoc): Ad {
  const fields =
    doc.fields instanceof Map
      ? Object.fromEntries(doc.fields)
      : ((doc.fields ?? {}) as Record<string, string>);
  const caption = doc.caption ?? { default: '' };
  const approval = doc.approval ?? { required: false };
  const revision = doc.revision ?? 1;
  // A decision on an older revision no longer counts: the edited ad waits for a new one.
  const decided = approval.status && (approval.revision ?? revision) === revision;
  return {
    id: String(doc._id),
    campaignId: String(doc.campaignId),
    enterpriseIds: doc.enterpriseIds.map(String),
    templateId: doc.templateId ?? null,
    fields,
    caption: {
      default: caption.default ?? '',
      ...(caption.facebook != null ? { facebook: caption.facebook } : {}),
      ...(caption.linkedin != null ? { linkedin: caption.linkedin } : {}),
    },
    link: doc.link ?? null,
    renders: (doc.renders ?? []).map(({ thumbnail, ...r }) => ({
      ...r,
      fileId: String(r.fileId),
      url: `/api/v1/media/${String(r.fileId)}`,
      thumbnailUrl: thumbnail ?? null,
    })),
    approval: {
      required: approval.required ?? false,
      status: decided ? (approval.status as ApprovalStatus) : approval.status ? 'pending' : null,
      by: decided && approval.by ? String(approval.by) : null,
      at: decided ? (approval.at ?? null) : null,
      comment: decided ? (approval.comment ?? null) : null,
      revision: approval.revision ?? null,
    },
    status: doc.status as AdStatus,
    revision,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** A member sees the ads that feature its enterprise, read-only. */
function scoped(user: PublicUser, filter: Record<string, unknown> = {}): Record<string, unknown> {
  return scopedFilter(user, filter, 'enterpriseIds');
}

async function findScoped(user: PublicUser, id: string) {
  const doc = await AdModel.findOne(scoped(user, { _id: id }));
  if (!doc) throw new NotFoundError('Ad');
  return doc;
}

/** A loaded (not lean) ad as it leaves this module: its field Map as a plain object. */
function fromDocument(doc: Awaited<ReturnType<typeof findScoped>>): Ad {
  return toAd(doc.toObject({ flattenMaps: true }) as unknown as AdDoc);
}

export async function listAds(user: PublicUser, query: AdListQuery = {}): Promise<Page<Ad>> {
  const q = parseInput(adListSchema, query, 'Query');
  const filter: Record<string, unknown> = {};
  if (q.campaignId) filter.campaignId = q.campaignId;
  if (q.enterpriseId) filter.enterpriseIds = q.enterpriseId;
  if (q.status) filter.status = q.status;
  return findPage(AdModel, scoped(user, filter), sortSpec(q.sort, adSortFields, '-createdAt'), q, toAd);
}

/** Every ad of a campaign in one query (a planner reads them all once, then computes in code). */
export async function listAdsOfCampaign(campaignId: string): Promise<Ad[]> {
  const docs = await AdModel.find({ campaignId }).sort({ createdAt: 1, _id: 1 }).lean<AdDoc[]>();
  return docs.map(toAd);
}

/** The ad, read as a plain document (no model instance to build: the publish path reads one per post). */
export async function getAd(user: PublicUser, id: string): Promise<Ad> {
  const doc = await AdModel.findOne(scoped(user, { _id: id })).lean<AdDoc>();
  if (!doc) throw new NotFoundError('Ad');
  return toAd(doc);
}

/** Ads as the publish path reads them: one read per ad while no ad is written anywhere. */
const keptAd = keptDocuments(adWrites, (id) => AdModel.findById(id).lean<AdDoc>().exec(), toAd);

/**
 * The ad as of the last ad write in any process (every write through the model bumps the
 * `ads` write generation; writes outside Mongoose are seen within 60 s), unscoped: for the
 * workers, which check each publication against its ad's current revision. Undefined when
 * the ad does not exist (or `id` is not an ObjectId). The value is shared: never modify it.
 */
export function currentAd(id: string): Promise<Ad | undefined> {
  return keptAd(id);
}

/** The campaign must exist and every featured enterprise must exist. */
async function checkReferences(campaignId: string | undefined, enterpriseIds: string[] | undefined) {
  const campaign = campaignId ? await campaignRef(campaignId) : undefined;
  if (campaignId && !campaign)
    throw new ValidationError('The campaign does not exist.', [
      { field: 'campaignId', message: 'is not an existing campaign' },
    ]);
  if (enterpriseIds) await assertEnterprisesExist(enterpriseIds, 'enterpriseIds');
  return campaign;
}

export async function createAd(user: PublicUser, input: AdCreateInput): Promise<Ad> {
  if (!isStaff(user)) throw new NotFoundError();
  const data = parseInput(adCreateSchema, input, 'Ad');
  const campaign = await checkReferences(data.campaignId, data.enterpriseIds);
  const templateId =
    data.templateId === undefined ? campaign?.defaultTemplateId : (data.templateId ?? undefined);
  await checkAdFields(templateId, data.fields ?? {});
  const doc = await AdModel.create({
    ...data,
    enterpriseIds: [...new Set(data.enterpriseIds)],
    templateId,
    link: data.link ?? undefined,
    createdBy: /^[a-f0-9]{24}$/.test(user.id) ? user.id : undefined,
  });
  if (doc.templateId) await queueRenderAfterEdit(String(doc._id), String(doc.updatedAt.getTime()));
  return fromDocument(doc);
}

/** A scheduled ad stays editable: its publications send the revision current at their time. */
const lockedForEdit: readonly string[] = ['published'];
const lockedForDelete: readonly string[] = ['scheduled', 'published'];

/** How long an edit waits for another edit of the same ad to finish before answering 409 (ms). */
const EDIT_WAIT_MS = 5_000;

/**
 * Edits an ad; a content change adds one to its revision. Edits of one ad are serialised
 * across processes by a lock in Redis: each reads the ad after the previous one saved, so
 * no edit is lost and no two contents share a revision (a publication records the revision
 * it sent, and an approval is given for one). Waits up to EDIT_WAIT_MS for a concurrent
 * edit, then throws ConflictError (409); also NotFoundError, ForbiddenError, ValidationError.
 */
export async function updateAd(user: PublicUser, id: string, input: AdUpdateInput): Promise<Ad> {
  const data = parseInput(adUpdateSchema, input, 'Ad');
  const deadline = Date.now() + EDIT_WAIT_MS;
  for (;;) {
    const done = await withLock(`ad-edit:${id}`, 30_000, () => applyAdUpdate(user, id, data));
    if (done) return done;
    if (Date.now() > deadline) {
      throw new ConflictError('Someone else is editing this ad right now; reload it and try again.', [
        { field: 'revision', message: 'is being changed' },
      ]);
    }
    await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
  }
}

async function applyAdUpdate(
  user: PublicUser,
  id: string,
  data: ReturnType<typeof adUpdateSchema.parse>,
): Promise<Ad> {
  const doc = await findScoped(user, id);
  if (!isStaff(user)) throw new ForbiddenError('Only hub staff can edit ads.');
  if (lockedForEdit.includes(doc.status)) {
    throw new ConflictError(`This ad is ${doc.status}; make a new ad instead of editing it.`, [
      { field: 'status', message: `is ${doc.status}` },
    ]);
  }
  await checkReferences(data.campaignId, data.enterpriseIds);
  const current = fromDocument(doc);
  await checkAdFields(
    data.templateId === undefined ? current.templateId : data.templateId,
    data.fields ?? current.fields,
  );
  const { templateId, link, enterpriseIds, approval, ...rest } = data;
  doc.set(rest);
  if (enterpriseIds) doc.set('enterpriseIds', [...new Set(enterpriseIds)]);
  if (templateId !== undefined) doc.set('templateId', templateId ?? undefined);
  if (link !== undefined) doc.set('link', link ?? undefined);
  if (approval) doc.set('approval.required', approval.required);
  const looksChanged =
    doc.isModified('fields') || doc.isModified('templateId') || doc.isModified('enterpriseIds');
  if (doc.isModified()) doc.set('revision', (doc.revision ?? 1) + 1);
  await doc.save();
  if (looksChanged && doc.templateId)
    await queueRenderAfterEdit(String(doc._id), String(doc.updatedAt.getTime()));
  return fromDocument(doc);
}

/** Deletes an ad that is not scheduled or published (409 otherwise). */
export async function deleteAd(user: PublicUser, id: string): Promise<void> {
  const doc = await findScoped(user, id);
  if (!isStaff(user)) throw new ForbiddenError('Only hub staff can delete ads.');
  if (lockedForDelete.includes(doc.status)) {
    throw new ConflictError(`This ad is ${doc.status}; cancel its publications before deleting it.`, [
      { field: 'status', message: `is ${doc.status}` },
    ]);
  }
  await AdModel.deleteOne({ _id: doc._id });
}

/**
 * Records the approval summary of one revision (every featured enterprise's latest decision
 * folded into one status), written by the approvals module. Not an edit: no new revision.
 */
export async function setAdApproval(
  adId: string,
  summary: { status: ApprovalStatus; revision: number; at: Date; comment?: string },
): Promise<void> {
  await AdModel.updateOne(
    { _id: adId },
    {
      $set: {
        'approval.status': summary.status,
        'approval.revision': summary.revision,
        'approval.at': summary.at,
        'approval.comment': summary.comment ?? '',
      },
    },
    { timestamps: false },
  );
}

/** Sets the status that scheduling derives from an ad's publications (scheduled, published, ready). */
export async function setAdStatus(adId: string, status: AdStatus): Promise<void> {
  await AdModel.updateOne({ _id: adId }, { $set: { status } }, { timestamps: false });
}

export async function countAdsFeaturing(enterpriseId: string): Promise<number> {
  return AdModel.countDocuments({ enterpriseIds: enterpriseId });
}

export async function countAdsOfCampaign(campaignId: string, statuses?: AdStatus[]): Promise<number> {
  return AdModel.countDocuments({ campaignId, ...(statuses ? { status: { $in: statuses } } : {}) });
}

export async function deleteAdsOfCampaign(campaignId: string): Promise<void> {
  await AdModel.deleteMany({ campaignId });
}
