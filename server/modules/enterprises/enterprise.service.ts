import type { Types } from 'mongoose';
import { config } from '../../config/index.js';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  isDuplicateKeyError,
  NotFoundError,
  ValidationError,
} from '../../lib/errors.js';
import { findPage, type Page, sortSpec } from '../../lib/pagination.js';
import { makeThumbnail } from '../../lib/sharp.js';
import { escapeRegex, foldText, freeSlug } from '../../lib/slug.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff, scopedFilter } from '../access/access.policy.js';
import { deleteMedia, saveMedia } from '../media/media.service.js';
import type { PublicUser } from '../users/user.service.js';
import {
  type ImpactKind,
  type LegalForm,
  memberEditableFields,
  type Sector,
  type Territory,
} from './enterprise.constants.js';
import { type EnterpriseDoc, EnterpriseModel } from './enterprise.model.js';
import {
  type EnterpriseCreateInput,
  type EnterpriseListQuery,
  type EnterpriseUpdateInput,
  enterpriseCreateSchema,
  enterpriseListSchema,
  enterpriseSortFields,
  enterpriseUpdateSchema,
  type PhotoUpdateInput,
  photoUpdateSchema,
} from './enterprise.schemas.js';
import * as library from './enterprise-photos.js';

export {
  type CsvImportResult,
  type CsvRejection,
  importEnterprisesCsv,
  sampleCsv,
} from './enterprise.csv.js';

/** An enterprise as it leaves this module. */
export interface Enterprise {
  id: string;
  name: string;
  slug: string;
  legalForm: LegalForm;
  territory: Territory;
  sector: Sector;
  description: string;
  website: string | null;
  /** Approval requests go there (a signed link), else null. */
  contactEmail: string | null;
  brandColor: string;
  logoFileId: string | null;
  logoUrl: string | null;
  /** A small WebP of the logo as a data URL (lists show it without a request), else null. */
  logoThumbnailUrl: string | null;
  /** The default photo: ads that pick none show it. */
  photoFileId: string | null;
  photoUrl: string | null;
  /** Every photo, the default first, each with the point its crops keep in view (0..1). */
  photos: EnterprisePhoto[];
  impacts: { kind: ImpactKind; label: string; value?: string }[];
  cohorts: string[];
  tags: string[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A photo of an enterprise's library. */
export interface EnterprisePhoto {
  fileId: string;
  url: string;
  /** 0..1 of the width and height: the point a crop keeps in view. */
  focal: { x: number; y: number };
}

const mediaUrl = (id: unknown) => (id ? `/api/v1/media/${String(id)}` : null);

/** The library, default first; an enterprise from before the library has only its default photo. */
function photosOf(doc: EnterpriseDoc): EnterprisePhoto[] {
  const photos = (doc.photos ?? []).map((p) => ({
    fileId: String(p.fileId),
    url: mediaUrl(p.fileId)!,
    focal: { x: p.focalX ?? 0.5, y: p.focalY ?? 0.5 },
  }));
  const first = doc.photoFileId ? String(doc.photoFileId) : undefined;
  if (first && !photos.some((p) => p.fileId === first))
    photos.unshift({ fileId: first, url: mediaUrl(first)!, focal: { x: 0.5, y: 0.5 } });
  return photos.sort((a, b) => Number(b.fileId === first) - Number(a.fileId === first));
}

export function toEnterprise(doc: EnterpriseDoc): Enterprise {
  return {
    id: String(doc._id),
    name: doc.name,
    slug: doc.slug,
    legalForm: doc.legalForm as LegalForm,
    territory: doc.territory as Territory,
    sector: doc.sector as Sector,
    description: doc.description ?? '',
    website: doc.website ?? null,
    contactEmail: doc.contactEmail ?? null,
    brandColor: doc.brandColor ?? '#1F6F5C',
    logoFileId: doc.logoFileId ? String(doc.logoFileId) : null,
    logoUrl: mediaUrl(doc.logoFileId),
    logoThumbnailUrl: (doc.logoFileId && doc.logoThumbnail) || null,
    photoFileId: doc.photoFileId ? String(doc.photoFileId) : null,
    photoUrl: mediaUrl(doc.photoFileId),
    photos: photosOf(doc),
    impacts: (doc.impacts ?? []).map((i) => ({
      kind: i.kind as ImpactKind,
      label: i.label,
      ...(i.value ? { value: i.value } : {}),
    })),
    cohorts: [...(doc.cohorts ?? [])],
    tags: [...(doc.tags ?? [])],
    active: doc.active ?? true,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** The Mongo filter limiting a query to what the user may see. */
function scoped(user: PublicUser, filter: Record<string, unknown> = {}): Record<string, unknown> {
  return scopedFilter(user, filter, '_id');
}

async function findScoped(user: PublicUser, id: string) {
  const doc = await EnterpriseModel.findOne(scoped(user, { _id: id }));
  if (!doc) throw new NotFoundError('Enterprise');
  return doc;
}

function requireStaff(user: PublicUser): void {
  if (!isStaff(user)) throw new NotFoundError();
}

export async function listEnterprises(
  user: PublicUser,
  query: EnterpriseListQuery = {},
): Promise<Page<Enterprise>> {
  const q = parseInput(enterpriseListSchema, query, 'Query');
  const filter: Record<string, unknown> = {};
  if (q.q) filter.nameKey = { $regex: escapeRegex(foldText(q.q)) };
  for (const key of ['territory', 'sector', 'legalForm', 'active'] as const)
    if (q[key] !== undefined) filter[key] = q[key];
  if (q.cohort) filter.cohorts = q.cohort;
  const sort = sortSpec(q.sort, enterpriseSortFields, 'name', { name: 'nameKey' });
  return findPage(EnterpriseModel, scoped(user, filter), sort, q, toEnterprise);
}

export async function getEnterprise(user: PublicUser, id: string): Promise<Enterprise> {
  return toEnterprise((await findScoped(user, id)).toObject() as EnterpriseDoc);
}

export async function findEnterpriseBySlug(user: PublicUser, slug: string): Promise<Enterprise | undefined> {
  const doc = await EnterpriseModel.findOne(scoped(user, { slug })).lean<EnterpriseDoc>();
  return doc ? toEnterprise(doc) : undefined;
}

const slugTaken = () =>
  new ConflictError('Another enterprise already uses this slug.', [
    { field: 'slug', message: 'is already used' },
  ]);

export async function createEnterprise(user: PublicUser, input: EnterpriseCreateInput): Promise<Enterprise> {
  requireStaff(user);
  const data = parseInput(enterpriseCreateSchema, input, 'Enterprise');
  if (data.slug && (await EnterpriseModel.exists({ slug: data.slug }))) throw slugTaken();
  const slug =
    data.slug ?? (await freeSlug(data.name, 'entreprise', (slug) => EnterpriseModel.exists({ slug })));
  try {
    const doc = await EnterpriseModel.create({
      ...data,
      slug,
      website: data.website ?? undefined,
      contactEmail: data.contactEmail ?? undefined,
    });
    return toEnterprise(doc.toObject() as EnterpriseDoc);
  } catch (err) {
    if (isDuplicateKeyError(err)) throw slugTaken();
    throw err;
  }
}

/** Staff change anything; a member changes only its own enterprise's description, website and impacts. */
export async function updateEnterprise(
  user: PublicUser,
  id: string,
  input: EnterpriseUpdateInput,
): Promise<Enterprise> {
  const data = parseInput(enterpriseUpdateSchema, input, 'Enterprise');
  const doc = await findScoped(user, id);
  if (!isStaff(user)) {
    const refused = Object.keys(data).filter((k) => !(memberEditableFields as readonly string[]).includes(k));
    if (refused.length > 0) {
      const details = refused.map((field) => ({ field, message: 'cannot be changed by a member' }));
      throw new AppError(
        403,
        'forbidden',
        'A member may change only the description, website, impacts and logo.',
        details,
      );
    }
  }
  if (
    data.slug &&
    data.slug !== doc.slug &&
    (await EnterpriseModel.exists({ slug: data.slug, _id: { $ne: doc._id } }))
  ) {
    throw slugTaken();
  }
  const { website, contactEmail, ...rest } = data;
  doc.set(rest);
  if (website !== undefined) doc.set('website', website ?? undefined);
  if (contactEmail !== undefined) doc.set('contactEmail', contactEmail ?? undefined);
  try {
    await doc.save();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw slugTaken();
    throw err;
  }
  return toEnterprise(doc.toObject() as EnterpriseDoc);
}

/**
 * Admin only. `beforeDelete` runs once the user may delete it and before anything is
 * deleted: the delete-enterprise use case refuses there (409) or detaches it elsewhere.
 */
export async function deleteEnterprise(
  user: PublicUser,
  id: string,
  beforeDelete: (enterpriseId: string) => Promise<void> = async () => {},
): Promise<void> {
  const doc = await findScoped(user, id);
  if (user.role !== 'admin') throw new ForbiddenError('Only an administrator can delete an enterprise.');
  await beforeDelete(String(doc._id));
  await EnterpriseModel.deleteOne({ _id: doc._id });
  const photoIds = photosOf(doc.toObject() as EnterpriseDoc).map((p) => p.fileId);
  await Promise.all([
    deleteMedia(doc.logoFileId ? String(doc.logoFileId) : null),
    ...photoIds.map(deleteMedia),
  ]);
}

// Lists show logos 40 px wide: 96 px stays sharp on high-density screens, and weighs ~2 KB.
const LOGO_THUMBNAIL_PX = 96;

/** Stores a logo or photo (checked from its bytes) and replaces the previous one. A member may set its own logo. */
export async function setEnterpriseImage(
  user: PublicUser,
  id: string,
  kind: 'logo' | 'photo',
  file: { buffer: Buffer; originalname: string },
  focal?: { x: number; y: number },
): Promise<Enterprise> {
  const doc = await findScoped(user, id);
  if (!isStaff(user) && kind !== 'logo') throw new ForbiddenError('A member may change only the logo.');
  if (kind === 'photo') return toEnterprise(await library.replaceDefaultPhoto(doc, file, focal));
  const saved = await saveMedia({
    buffer: file.buffer,
    filename: file.originalname,
    kind,
    ownerEnterpriseId: String(doc._id),
    field: kind,
  });
  const key = kind === 'logo' ? 'logoFileId' : 'photoFileId';
  const previous = doc[key];
  // From the stored bytes: an SVG or HEIC upload was converted on the way in.
  const thumbnail =
    kind === 'logo'
      ? await makeThumbnail(saved.buffer, LOGO_THUMBNAIL_PX, config().MAX_IMAGE_PIXELS)
      : undefined;
  const updated = await EnterpriseModel.findByIdAndUpdate(
    doc._id,
    { [key]: saved.id, ...(thumbnail ? { logoThumbnail: thumbnail.dataUrl } : {}) },
    { returnDocument: 'after' },
  ).lean<EnterpriseDoc>();
  if (!updated) {
    await deleteMedia(saved.id);
    throw new NotFoundError('Enterprise');
  }
  if (previous) await deleteMedia(String(previous));
  return toEnterprise(updated);
}

/** Adds a photo to the enterprise's library (staff); the first one becomes the default. */
export async function addEnterprisePhoto(
  user: PublicUser,
  id: string,
  file: { buffer: Buffer; originalname: string },
  focal?: { x: number; y: number },
): Promise<Enterprise> {
  requireStaff(user);
  return toEnterprise(await library.addPhoto(await findScoped(user, id), file, focal));
}

/** Moves a photo's focal point or makes it the default (staff). */
export async function updateEnterprisePhoto(
  user: PublicUser,
  id: string,
  fileId: string,
  input: PhotoUpdateInput,
): Promise<Enterprise> {
  requireStaff(user);
  const data = parseInput(photoUpdateSchema, input, 'Photo');
  return toEnterprise(await library.updatePhoto(await findScoped(user, id), fileId, data));
}

/** Removes a photo and its file (staff); ads that picked it fall back to the default photo. */
export async function removeEnterprisePhoto(
  user: PublicUser,
  id: string,
  fileId: string,
): Promise<Enterprise> {
  requireStaff(user);
  return toEnterprise(await library.removePhoto(await findScoped(user, id), fileId));
}

/** Throws a 400 naming each id (as `field.N`) that is not an existing enterprise. */
export async function assertEnterprisesExist(ids: readonly string[], field: string): Promise<void> {
  const found = new Set(
    (await EnterpriseModel.find({ _id: { $in: ids } }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map(
      (d) => String(d._id),
    ),
  );
  const problems = ids.flatMap((id, i) =>
    found.has(id) ? [] : [{ field: `${field}.${i}`, message: 'is not an existing enterprise' }],
  );
  if (problems.length > 0) throw new ValidationError('Some enterprises do not exist.', problems);
}

export async function countEnterprises(): Promise<number> {
  return EnterpriseModel.estimatedDocumentCount();
}
