import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { isDuplicateKeyError } from '../../lib/errors.js';
import { type Platform, SimMedia, SimMediaBytes } from './sim.models.js';

/** Hashes known to be stored already, so that a design posted on 100 pages is sent to the store once. */
const stored = new LRUCache<string, true>({ max: 10_000 });
const storing = new Map<string, Promise<void>>();

/**
 * Keeps an upload's bytes under their SHA-256 (hex), once per distinct content, and returns
 * that key for the media's `bytesId`: the same render posted on many sandbox pages costs
 * the store one copy and one write, not one per post.
 */
export async function storeBytes(data: Buffer): Promise<string> {
  const key = createHash('sha256').update(data).digest('hex');
  if (stored.has(key)) return key;
  // The same render reaches many pages at once: they share one store write.
  let pending = storing.get(key);
  if (!pending) {
    pending = writeBytes(key, data).finally(() => storing.delete(key));
    storing.set(key, pending);
  }
  await pending;
  return key;
}

async function writeBytes(key: string, data: Buffer): Promise<void> {
  if (!(await SimMediaBytes.exists({ _id: key }))) {
    try {
      await SimMediaBytes.create({ _id: key, data });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  stored.set(key, true);
}

/** The bytes of a media: under its `bytesId`, or, for media stored before, under its own id. */
export async function readBytes(media: { _id: unknown; bytesId?: string | null }): Promise<Buffer | null> {
  const doc = await SimMediaBytes.findById(media.bytesId ?? media._id);
  return doc?.data ? Buffer.from(doc.data) : null;
}

/**
 * Deletes media and then the bytes no remaining media refers to (bytes stored before
 * content keys, under the media's own id, go with it).
 */
export async function deleteMedia(platform: Platform, mediaIds: string[]): Promise<void> {
  const media = await SimMedia.find({ platform, mediaId: { $in: mediaIds } }, { bytesId: 1 }).lean();
  await SimMedia.deleteMany({ platform, mediaId: { $in: mediaIds } });
  await SimMediaBytes.deleteMany({ _id: { $in: mediaIds } });
  await dropUnusedBytes(media.map((m) => m.bytesId));
}

async function dropUnusedBytes(keys: (string | null | undefined)[]): Promise<void> {
  for (const key of new Set(keys.filter((k): k is string => Boolean(k)))) {
    if (await SimMedia.exists({ bytesId: key })) continue;
    await SimMediaBytes.deleteOne({ _id: key });
    stored.delete(key);
  }
}
