import { createHash } from 'node:crypto';
import { type Platform, SimMarker, SimMedia, SimPost } from './sim.models.js';

/**
 * Lookups by platform id, first by `_id` (what FerretDB's SQLite backend can use without reading
 * the whole collection), then by the id field for documents stored before ids became `_id`.
 */
export async function findPost(platform: Platform, postId: string) {
  const byId = await SimPost.findById(postId).lean();
  if (byId) return byId.platform === platform ? byId : null;
  return SimPost.findOne({ platform, postId }).lean();
}

export async function findMedia(platform: Platform, mediaId: string) {
  const byId = await SimMedia.findById(mediaId).lean();
  if (byId) return byId.platform === platform ? byId : null;
  return SimMedia.findOne({ platform, mediaId }).lean();
}

const markerId = (platform: Platform, accountId: string, text: string) =>
  `${platform}:${accountId}:${createHash('sha256').update(text).digest('base64url')}`;

/** The post with this exact text on this account since `since`, if any (duplicate detection). */
export async function twinSince(
  platform: Platform,
  accountId: string,
  text: string,
  since: Date,
): Promise<string | undefined> {
  const marker = await SimMarker.findById(markerId(platform, accountId, text)).lean();
  return marker && marker.createdAt >= since ? marker.postId : undefined;
}

export async function rememberText(
  platform: Platform,
  accountId: string,
  text: string,
  postId: string,
  createdAt: Date,
): Promise<void> {
  if (!text) return;
  await SimMarker.replaceOne(
    { _id: markerId(platform, accountId, text) },
    { postId, createdAt },
    { upsert: true },
  );
}

export async function forgetText(
  platform: Platform,
  accountId: string,
  text: string,
  postId: string,
): Promise<void> {
  await SimMarker.deleteOne({ _id: markerId(platform, accountId, text), postId });
}
