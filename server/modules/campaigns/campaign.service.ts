import type { Types } from 'mongoose';
import { ConflictError, ForbiddenError, isDuplicateKeyError, NotFoundError } from '../../lib/errors.js';
import { keptDocuments } from '../../lib/kept-by-id.js';
import { findPage, type Page, sortSpec } from '../../lib/pagination.js';
import { escapeRegex, foldText, freeSlug } from '../../lib/slug.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff, scopedFilter } from '../access/access.policy.js';
import { assertEnterprisesExist } from '../enterprises/enterprise.service.js';
import type { PublicUser } from '../users/user.service.js';
import { type CampaignDoc, CampaignModel, type CampaignStatus, campaignWrites } from './campaign.model.js';
import {
  type CampaignCreateInput,
  type CampaignListQuery,
  type CampaignUpdateInput,
  campaignCreateSchema,
  campaignListSchema,
  campaignSortFields,
  campaignUpdateSchema,
} from './campaign.schemas.js';

/** A campaign as it leaves this module. */
export interface Campaign {
  id: string;
  name: string;
  slug: string;
  theme: string;
  period: { start: Date; end: Date };
  status: CampaignStatus;
  defaultTemplateId: string | null;
  defaultChannelIds: string[];
  enterpriseIds: string[];
  hashtags: string[];
  /** Each featured enterprise approves an ad's current revision before it can be scheduled. */
  requiresApproval: boolean;
  utm: { source: string; medium: string; campaign: string; content?: string };
  createdAt: Date;
  updatedAt: Date;
}

const ids = (list: unknown[] | undefined | null) => (list ?? []).map(String);

export function toCampaign(doc: CampaignDoc): Campaign {
  const utm: {
    source?: string | null;
    medium?: string | null;
    campaign?: string | null;
    content?: string | null;
  } = doc.utm ?? {};
  const period = doc.period as { start: Date; end: Date };
  return {
    id: String(doc._id),
    name: doc.name,
    slug: doc.slug,
    theme: doc.theme ?? '',
    period: { start: period.start, end: period.end },
    status: doc.status as CampaignStatus,
    defaultTemplateId: doc.defaultTemplateId ?? null,
    defaultChannelIds: ids(doc.defaultChannelIds),
    enterpriseIds: ids(doc.enterpriseIds),
    hashtags: [...(doc.hashtags ?? [])],
    requiresApproval: doc.requiresApproval ?? false,
    utm: {
      source: utm.source ?? 'vitrine',
      medium: utm.medium ?? 'social',
      campaign: utm.campaign ?? doc.slug,
      ...(utm.content ? { content: utm.content } : {}),
    },
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** A member sees the campaigns that feature its enterprise, read-only; staff see all. */
function scoped(user: PublicUser, filter: Record<string, unknown> = {}): Record<string, unknown> {
  return scopedFilter(user, filter, 'enterpriseIds');
}

async function findScoped(user: PublicUser, id: string) {
  const doc = await CampaignModel.findOne(scoped(user, { _id: id }));
  if (!doc) throw new NotFoundError('Campaign');
  return doc;
}

function requireStaff(user: PublicUser, known = false): void {
  if (!isStaff(user))
    throw known ? new ForbiddenError('Only hub staff can change campaigns.') : new NotFoundError();
}

const slugTaken = () =>
  new ConflictError('Another campaign already uses this slug.', [
    { field: 'slug', message: 'is already used' },
  ]);

export async function listCampaigns(
  user: PublicUser,
  query: CampaignListQuery = {},
): Promise<Page<Campaign>> {
  const q = parseInput(campaignListSchema, query, 'Query');
  const filter: Record<string, unknown> = {};
  if (q.status) filter.status = q.status;
  if (q.q) filter.nameKey = { $regex: escapeRegex(foldText(q.q)) };
  if (q.enterpriseId) filter.enterpriseIds = q.enterpriseId;
  const sort = sortSpec(q.sort, campaignSortFields, '-start', { name: 'nameKey', start: 'period.start' });
  return findPage(CampaignModel, scoped(user, filter), sort, q, toCampaign);
}

export async function getCampaign(user: PublicUser, id: string): Promise<Campaign> {
  const doc = await CampaignModel.findOne(scoped(user, { _id: id })).lean<CampaignDoc>();
  if (!doc) throw new NotFoundError('Campaign');
  return toCampaign(doc);
}

/** Campaigns as the publish path reads them: one read per campaign while none is written. */
const keptCampaign = keptDocuments(
  campaignWrites,
  (id) => CampaignModel.findById(id).lean<CampaignDoc>().exec(),
  toCampaign,
);

/**
 * The campaign as of the last campaign write in any process (writes outside Mongoose are
 * seen within 60 s), unscoped: for the workers. Throws NotFoundError when it does not exist,
 * as getCampaign does. The value is shared: never modify it.
 */
export async function currentCampaign(id: string): Promise<Campaign> {
  const campaign = await keptCampaign(id);
  if (!campaign) throw new NotFoundError('Campaign');
  return campaign;
}

export async function findCampaignBySlug(user: PublicUser, slug: string): Promise<Campaign | undefined> {
  const doc = await CampaignModel.findOne(scoped(user, { slug })).lean<CampaignDoc>();
  return doc ? toCampaign(doc) : undefined;
}

export async function createCampaign(user: PublicUser, input: CampaignCreateInput): Promise<Campaign> {
  requireStaff(user);
  const data = parseInput(campaignCreateSchema, input, 'Campaign');
  if (data.enterpriseIds) await assertEnterprisesExist(data.enterpriseIds, 'enterpriseIds');
  if (data.slug && (await CampaignModel.exists({ slug: data.slug }))) throw slugTaken();
  const slug = data.slug ?? (await freeSlug(data.name, 'campagne', (slug) => CampaignModel.exists({ slug })));
  try {
    const doc = await CampaignModel.create({
      ...data,
      slug,
      nameKey: foldText(data.name),
      enterpriseIds: [...new Set(data.enterpriseIds ?? [])],
      utm: data.utm ?? { source: 'vitrine', medium: 'social', campaign: slug },
      defaultTemplateId: data.defaultTemplateId ?? undefined,
      createdBy: /^[a-f0-9]{24}$/.test(user.id) ? user.id : undefined,
    });
    return toCampaign(doc.toObject() as CampaignDoc);
  } catch (err) {
    if (isDuplicateKeyError(err)) throw slugTaken();
    throw err;
  }
}

export async function updateCampaign(
  user: PublicUser,
  id: string,
  input: CampaignUpdateInput,
): Promise<Campaign> {
  const data = parseInput(campaignUpdateSchema, input, 'Campaign');
  const doc = await findScoped(user, id);
  requireStaff(user, true);
  if (data.enterpriseIds) await assertEnterprisesExist(data.enterpriseIds, 'enterpriseIds');
  if (
    data.slug &&
    data.slug !== doc.slug &&
    (await CampaignModel.exists({ slug: data.slug, _id: { $ne: doc._id } }))
  ) {
    throw slugTaken();
  }
  const { defaultTemplateId, enterpriseIds, ...rest } = data;
  doc.set(rest);
  if (data.name) doc.set('nameKey', foldText(data.name));
  if (enterpriseIds) doc.set('enterpriseIds', [...new Set(enterpriseIds)]);
  if (defaultTemplateId !== undefined) doc.set('defaultTemplateId', defaultTemplateId ?? undefined);
  try {
    await doc.save();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw slugTaken();
    throw err;
  }
  return toCampaign(doc.toObject() as CampaignDoc);
}

/**
 * Staff only. `beforeDelete` runs once the user may delete it and before it is deleted: the
 * delete-campaign use case refuses there (409) or deletes the campaign's ads.
 */
export async function deleteCampaign(
  user: PublicUser,
  id: string,
  beforeDelete: (campaignId: string) => Promise<void> = async () => {},
): Promise<void> {
  const doc = await findScoped(user, id);
  requireStaff(user, true);
  await beforeDelete(String(doc._id));
  await CampaignModel.deleteOne({ _id: doc._id });
}

/** What the ads module needs of a campaign, or undefined when it does not exist. */
export async function campaignRef(
  id: string,
): Promise<{ enterpriseIds: string[]; defaultTemplateId?: string } | undefined> {
  const doc = await CampaignModel.findById(id, { enterpriseIds: 1, defaultTemplateId: 1 }).lean<{
    enterpriseIds: Types.ObjectId[];
    defaultTemplateId?: string;
  }>();
  return doc
    ? { enterpriseIds: ids(doc.enterpriseIds), defaultTemplateId: doc.defaultTemplateId ?? undefined }
    : undefined;
}

export async function removeEnterpriseFromCampaigns(enterpriseId: string): Promise<void> {
  await CampaignModel.updateMany({ enterpriseIds: enterpriseId }, { $pull: { enterpriseIds: enterpriseId } });
}

export async function countCampaigns(): Promise<number> {
  return CampaignModel.estimatedDocumentCount();
}
