import { Types } from 'mongoose';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { deleteMedia, saveMedia } from '../media/media.service.js';
import { type EnterpriseDoc, EnterpriseModel } from './enterprise.model.js';

/**
 * An enterprise's photo library: the default photo (`photoFileId`, first of `photos`) and the
 * others an ad may pick, each with its focal point. The service checks who may call these.
 */
type Doc = InstanceType<typeof EnterpriseModel>;
type File = { buffer: Buffer; originalname: string };
type Focal = { x: number; y: number };

/** Photos an enterprise keeps: enough for a year of campaigns, bounded for its document. */
export const MAX_PHOTOS = 12;

interface StoredPhoto {
  fileId: Types.ObjectId;
  focalX: number;
  focalY: number;
}

/** The stored list, with a default photo from before the library included first. */
function libraryOf(doc: Doc): StoredPhoto[] {
  const photos: StoredPhoto[] = (doc.photos ?? []).map((p) => ({
    fileId: p.fileId,
    focalX: p.focalX ?? 0.5,
    focalY: p.focalY ?? 0.5,
  }));
  if (doc.photoFileId && !photos.some((p) => p.fileId.equals(doc.photoFileId!)))
    photos.unshift({ fileId: doc.photoFileId, focalX: 0.5, focalY: 0.5 });
  return photos;
}

async function store(doc: Doc, file: File): Promise<Types.ObjectId> {
  const saved = await saveMedia({
    buffer: file.buffer,
    filename: file.originalname,
    kind: 'photo',
    ownerEnterpriseId: String(doc._id),
    field: 'photo',
  });
  return new Types.ObjectId(saved.id);
}

/** Writes the library (default first); a concurrent delete of the enterprise removes the new file. */
async function write(doc: Doc, photos: StoredPhoto[], added?: Types.ObjectId): Promise<EnterpriseDoc> {
  const updated = await EnterpriseModel.findByIdAndUpdate(
    doc._id,
    photos.length > 0
      ? { photos, photoFileId: photos[0]!.fileId }
      : { photos: [], $unset: { photoFileId: 1 } },
    { returnDocument: 'after' },
  ).lean<EnterpriseDoc>();
  if (!updated) {
    if (added) await deleteMedia(String(added));
    throw new NotFoundError('Enterprise');
  }
  return updated;
}

const entry = (fileId: Types.ObjectId, focal?: Focal): StoredPhoto => ({
  fileId,
  focalX: focal?.x ?? 0.5,
  focalY: focal?.y ?? 0.5,
});

/** Replaces the default photo: the previous one's file is deleted, the others stay. */
export async function replaceDefaultPhoto(doc: Doc, file: File, focal?: Focal): Promise<EnterpriseDoc> {
  const fileId = await store(doc, file);
  const [previous, ...others] = libraryOf(doc);
  const updated = await write(doc, [entry(fileId, focal), ...others], fileId);
  if (previous) await deleteMedia(String(previous.fileId));
  return updated;
}

/** Adds a photo at the end of the library (the first one becomes the default). */
export async function addPhoto(doc: Doc, file: File, focal?: Focal): Promise<EnterpriseDoc> {
  const photos = libraryOf(doc);
  if (photos.length >= MAX_PHOTOS)
    throw new ValidationError(`An enterprise keeps at most ${MAX_PHOTOS} photos.`, [
      { field: 'photo', message: `at most ${MAX_PHOTOS} photos: remove one first` },
    ]);
  const fileId = await store(doc, file);
  return write(doc, [...photos, entry(fileId, focal)], fileId);
}

function find(photos: StoredPhoto[], fileId: string): number {
  const index = photos.findIndex((p) => String(p.fileId) === fileId);
  if (index < 0) throw new NotFoundError('Photo');
  return index;
}

export async function updatePhoto(
  doc: Doc,
  fileId: string,
  change: { focal?: Focal; default?: true },
): Promise<EnterpriseDoc> {
  const photos = libraryOf(doc);
  const index = find(photos, fileId);
  const photo = change.focal ? entry(photos[index]!.fileId, change.focal) : photos[index]!;
  photos[index] = photo;
  if (change.default) photos.unshift(...photos.splice(index, 1));
  return write(doc, photos);
}

export async function removePhoto(doc: Doc, fileId: string): Promise<EnterpriseDoc> {
  const photos = libraryOf(doc);
  const [removed] = photos.splice(find(photos, fileId), 1);
  const updated = await write(doc, photos);
  await deleteMedia(String(removed!.fileId));
  return updated;
}
