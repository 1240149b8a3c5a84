import { memo } from './memo.js';
import { type Platform, SimMedia, type SimMediaDoc, SimPost, type SimPostDoc } from './sim.models.js';
import { STATE_TTL_MS } from './sim.store.js';

/**
 * Posts this process created: a post never changes once created, so the read-back that
 * follows a publication costs nothing. Deleting a post through this process forgets it at
 * once; through another process, it may still be found here for STATE_TTL_MS.
 */
const posts = memo<SimPostDoc>({ max: 10_000, ttlMs: STATE_TTL_MS });

/**
 * LinkedIn images this process created or uploaded. An image changes only at its upload and
 * is never deleted, so a copy past its upload is the store's; a copy still WAITING_UPLOAD
 * serves only the upload itself (its key, expiry and owner never change), since the upload
 * may have gone to another process.
 */
const images = memo<SimMediaDoc>({ max: 10_000, ttlMs: 60_000 });

/** Keeps a post just created, for findPost. */
export function rememberPost(post: SimPostDoc): void {
  posts.set(`${post.platform}:${post.postId}`, post);
}

export function forgetPost(platform: Platform, postId: string): void {
  posts.forget(`${platform}:${postId}`);
}

/** Keeps a LinkedIn image as just written (initialized or uploaded), for findImage. */
export function rememberImage(image: SimMediaDoc): void {
  images.set(image.mediaId, image);
}

/**
 * Lookups by platform id, first by `_id` (what FerretDB's SQLite backend can use without reading
 * the whole collection), then by the id field for documents stored before ids became `_id`.
 */
export async function findPost(platform: Platform, postId: string): Promise<SimPostDoc | null> {
  const cached = posts.peek(`${platform}:${postId}`);
  if (cached) return cached;
  const byId = await SimPost.findById(postId).lean();
  if (byId) return byId.platform === platform ? byId : null;
  return SimPost.findOne({ platform, postId }).lean();
}

export async function findMedia(platform: Platform, mediaId: string): Promise<SimMediaDoc | null> {
  const byId = await SimMedia.findById(mediaId).lean();
  if (byId) return byId.platform === platform ? byId : null;
  return SimMedia.findOne({ platform, mediaId }).lean();
}

/**
 * A LinkedIn image by URN, from this process's copy when it is current (see `images`);
 * `forUpload`: a copy still WAITING_UPLOAD will do.
 */
export async function findImage(urn: string, options: { forUpload?: boolean } = {}) {
  const cached = images.peek(urn);
  if (cached && (options.forUpload || cached.status !== 'WAITING_UPLOAD')) return cached;
  return findMedia('linkedin', urn);
}
