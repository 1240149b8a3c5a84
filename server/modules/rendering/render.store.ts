import { isDuplicateKeyError } from '../../lib/errors.js';
import { mongoDb } from '../../lib/mongo.js';
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
}

interface RenderIndexDoc extends Omit<StoredRender, 'hash'> {
  _id: string;
  createdAt: Date;
}

const index = () => mongoDb().collection<RenderIndexDoc>('render_index');

function toStored(doc: RenderIndexDoc): StoredRender {
  const { _id, createdAt: _createdAt, ...rest } = doc;
  return { ...rest, hash: _id };
}

export async function findRender(hash: string): Promise<StoredRender | undefined> {
  const doc = await index().findOne({ _id: hash });
  return doc ? toStored(doc) : undefined;
}

/**
 * Saves a render in GridFS (through the media module, so members may read renders of
 * their own ads) and indexes it by content hash. Two workers racing on the same hash
 * keep the first file and delete their own copy.
 */
export async function saveRender(image: RenderedImage, ownerEnterpriseIds: string[]): Promise<StoredRender> {
  const ext = image.mime === 'image/png' ? 'png' : 'jpg';
  const media = await saveMedia({
    buffer: image.data,
    filename: `${image.format}-${image.hash}.${ext}`,
    kind: 'render',
    ownerEnterpriseIds,
  });
  const doc: RenderIndexDoc = {
    _id: image.hash,
    format: image.format,
    fileId: media.id,
    width: image.width,
    height: image.height,
    bytes: image.data.length,
    contentType: image.mime,
    createdAt: new Date(),
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
