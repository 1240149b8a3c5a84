import { config } from '../../config/index.js';
import { isDuplicateKeyError } from '../../lib/errors.js';
import { mongoDb } from '../../lib/mongo.js';
import { makeThumbnail } from '../../lib/sharp.js';
import { deleteMedia, saveMedia } from '../media/media.service.js';
import type { RenderedImage } from './renderer.js';

/** A stored render: the media file holding it and what it is. Same design, same hash, same file. */
export interface StoredRender {
  format: string;
  fileId: string;
  hash: string;
  width: number;
  height: number;
  bytes: number;
  contentType: string;
  /** A small WebP of the render as a data URL (absent on renders stored before thumbnails). */
  thumbnail?: string;
}

/** A render's index document (by content hash). */
export interface RenderIndexDoc extends Omit<StoredRender, 'hash'> {
  _id: string;
  createdAt: Date;
  /** Last time a render job stored or reused it: the unused-render sweep counts its grace from here. */
  usedAt?: Date;
}

// Lists show renders 40-80 px wide: 160 px stays sharp on high-density screens at ~4 KB.
const THUMBNAIL_PX = 160;

const index = () => mongoDb().collection<RenderIndexDoc>('render_index');

function toStored(doc: RenderIndexDoc): StoredRender {
  const { _id, createdAt: _createdAt, usedAt: _usedAt, ...rest } = doc;
  return { ...rest, hash: _id };
}

/** The render of a content hash, if stored; finding it marks it used, so the sweep leaves it. */
export async function findRender(hash: string): Promise<StoredRender | undefined> {
  const doc = await index().findOneAndUpdate({ _id: hash }, { $set: { usedAt: new Date() } });
  return doc ? toStored(doc) : undefined;
}

/**
 * Saves a render in GridFS (through the media module, so members may read renders of
 * their own ads), with its thumbnail, and indexes it by content hash. Two workers racing
 * on the same hash keep the first file and delete their own copy.
 */
export async function saveRender(image: RenderedImage, ownerEnterpriseIds: string[]): Promise<StoredRender> {
  const ext = image.mime === 'image/png' ? 'png' : 'jpg';
  const thumbnail = await makeThumbnail(image.data, THUMBNAIL_PX, config().MAX_IMAGE_PIXELS);
  const media = await saveMedia({
    buffer: image.data,
    filename: `${image.format}-${image.hash}.${ext}`,
    kind: 'render',
    ownerEnterpriseIds,
  });
  const now = new Date();
  const doc: RenderIndexDoc = {
    _id: image.hash,
    format: image.format,
    fileId: media.id,
    width: image.width,
    height: image.height,
    bytes: image.data.length,
    contentType: image.mime,
    thumbnail: thumbnail.dataUrl,
    createdAt: now,
    usedAt: now,
  };
  try {
    await index().insertOne(doc);
    return toStored(doc);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    await deleteMedia(media.id);
    const existing = await findRender(image.hash);
    if (!existing) throw err;
    return existing;
  }
}

/** A stored render as the sweep handles it: its hash and media file. */
export interface RenderRecord {
  hash: string;
  fileId: string;
}

/** Renders not stored or reused since `before`, oldest first, at most `limit`. */
export async function rendersUnusedSince(before: Date, limit = 1000): Promise<RenderRecord[]> {
  const docs = await index()
    .find({ $or: [{ usedAt: { $lt: before } }, { usedAt: { $exists: false }, createdAt: { $lt: before } }] })
    .project<{ _id: string; fileId: string }>({ _id: 1, fileId: 1 })
    .sort({ createdAt: 1 })
    .limit(limit)
    .toArray();
  return docs.map((d) => ({ hash: d._id, fileId: String(d.fileId) }));
}

/** Marks renders used now: an ad still shows them, so the sweep looks at them again after a grace. */
export async function markRendersUsed(hashes: readonly string[]): Promise<void> {
  if (hashes.length > 0)
    await index().updateMany({ _id: { $in: [...hashes] } }, { $set: { usedAt: new Date() } });
}

/**
 * Takes renders out of the index, unless a render job reused one since `before` (then it is
 * kept). Once out, no job can hand them to an ad. Returns the index documents taken out,
 * which `restoreRenders` puts back.
 */
export async function unindexRenders(hashes: readonly string[], before: Date): Promise<RenderIndexDoc[]> {
  const taken: RenderIndexDoc[] = [];
  for (const hash of hashes) {
    const doc = await index().findOne({ _id: hash });
    if (!doc || (doc.usedAt ?? doc.createdAt) >= before) continue;
    // Deleted only if no job marked it used since it was read.
    const unchanged = doc.usedAt ? { usedAt: doc.usedAt } : { usedAt: { $exists: false } };
    const { deletedCount } = await index().deleteOne({ _id: hash, ...unchanged });
    if (deletedCount === 1) taken.push(doc);
  }
  return taken;
}

/** Puts index documents back; one a job has stored again meanwhile is already there. */
export async function restoreRenders(docs: readonly RenderIndexDoc[]): Promise<void> {
  for (const doc of docs) {
    await index()
      .insertOne(doc)
      .catch((err: unknown) => {
        if (!isDuplicateKeyError(err)) throw err;
      });
  }
}

/** Deletes the media files of renders already taken out of the index. */
export async function deleteRenderFiles(fileIds: readonly string[]): Promise<void> {
  for (const id of fileIds) await deleteMedia(id);
}
