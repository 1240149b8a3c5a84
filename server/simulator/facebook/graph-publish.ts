import type { Request, Response } from 'express';
import { loseOutcome } from '../lost-outcome.js';
import { sniffImage } from '../media.js';
import { FACEBOOK_MAX_PHOTO_BYTES } from '../simulator.constants.js';
import { storeMedia, storePost } from '../store/grouped.js';
import { forgetPost, rememberPost } from '../store/lookups.js';
import { deleteMedia, storeBytes } from '../store/media-bytes.js';
import { SimMedia, SimPost } from '../store/sim.models.js';
import { getFaults, numericId } from '../store/sim.store.js';
import { forgetText, markText } from '../store/text-markers.js';
import { authenticate, ctx, flag, guardPage, param } from './graph-context.js';
import { graphErrors } from './graph-errors.js';
import { resolveNode } from './graph-nodes.js';
import { attachedMedia, photoBytes, publication } from './graph-publish-params.js';

async function pageFor(req: Request, res: Response): Promise<string> {
  const node = await resolveNode(String(req.params.node), 'post');
  if (node.kind !== 'page') throw graphErrors.unsupported(String(req.params.node), 'post');
  await guardPage(res, await authenticate(req, res), node.pageId, 'write');
  return node.pageId;
}

/**
 * Creates a post with `create` once its text is marked (markText), refusing a duplicate when
 * the page detects them; the mark goes if the creation fails.
 */
async function withText(
  pageId: string,
  message: string,
  postId: string,
  now: Date,
  create: () => Promise<void>,
) {
  const detect = Boolean((await getFaults('facebook', pageId)).duplicateDetection);
  if (message && (await markText('facebook', pageId, message, postId, now, detect))) {
    throw graphErrors.duplicate();
  }
  try {
    await create();
  } catch (err) {
    if (message) await forgetText('facebook', pageId, message, postId);
    throw err;
  }
}

/** POST /{page-id}/photos: publishes a photo, or stages it with published=false. */
export async function postPhoto(req: Request, res: Response): Promise<void> {
  const pageId = await pageFor(req, res);
  const { now } = ctx(res);
  const data = await photoBytes(req, res);
  const contentType = sniffImage(data);
  if (
    data.length >= FACEBOOK_MAX_PHOTO_BYTES ||
    (contentType !== 'image/jpeg' && contentType !== 'image/png')
  ) {
    throw graphErrors.badPhoto();
  }
  const caption = param(res, 'caption') ?? param(res, 'message') ?? '';
  const when = publication(res);
  const creates = when.published;
  const photoId = numericId(16);
  const postId = creates ? `${pageId}_${numericId(16)}` : null;
  const bytesId = await storeBytes(data);
  const photo = {
    _id: photoId,
    mediaId: photoId,
    bytesId,
    platform: 'facebook' as const,
    accountId: pageId,
    contentType,
    size: data.length,
    status: 'AVAILABLE',
    postId,
    caption,
    altText: param(res, 'alt_text_custom') ?? '',
    temporary: flag(res, 'temporary', false),
    createdAt: now,
  };
  if (postId) {
    await withText(pageId, caption, postId, now, async () => {
      await storeMedia(photo);
      const post = await storePost({
        _id: postId,
        postId,
        platform: 'facebook',
        accountId: pageId,
        message: caption,
        displayText: caption,
        mediaIds: [photoId],
        ...when,
        createdAt: now,
      });
      rememberPost(post);
    });
    if (await loseOutcome(req, res, 'facebook', pageId)) return;
    res.json({ id: photoId, post_id: postId });
    return;
  }
  await storeMedia(photo);
  res.json({ id: photoId });
}

/** POST /{page-id}/feed: a text or link post, or several staged photos (attached_media). */
export async function postFeed(req: Request, res: Response): Promise<void> {
  const pageId = await pageFor(req, res);
  const { now } = ctx(res);
  const message = param(res, 'message') ?? '';
  const link = param(res, 'link') ?? null;
  const mediaIds = attachedMedia(res);
  if (!message && !link && mediaIds.length === 0)
    throw graphErrors.invalidParam('(#100) Missing message or attachment');
  const staged = await SimMedia.find({
    platform: 'facebook',
    mediaId: { $in: mediaIds },
    accountId: pageId,
    postId: null,
  }).lean();
  const bad = mediaIds.find((id) => !staged.some((m) => m.mediaId === id));
  if (bad)
    throw graphErrors.invalidParam(
      `(#100) Invalid media_fbid: ${bad} is not an unpublished photo of this page`,
    );
  const when = publication(res);
  const postId = `${pageId}_${numericId(16)}`;
  await withText(pageId, message, postId, now, async () => {
    const post = await storePost({
      _id: postId,
      postId,
      platform: 'facebook',
      accountId: pageId,
      message,
      displayText: message,
      link,
      mediaIds,
      ...when,
      createdAt: now,
    });
    rememberPost(post);
  });
  if (mediaIds.length)
    await SimMedia.updateMany({ platform: 'facebook', mediaId: { $in: mediaIds } }, { $set: { postId } });
  if (await loseOutcome(req, res, 'facebook', pageId)) return;
  res.json({ id: postId });
}

/** DELETE /{id}: removes a post, or a staged photo after a failed multi-photo post. */
export async function deleteNode(req: Request, res: Response): Promise<void> {
  const node = await resolveNode(String(req.params.node), 'delete');
  await guardPage(res, await authenticate(req, res), node.pageId, 'write');
  if (node.kind === 'page') throw graphErrors.unsupported(node.pageId, 'delete');
  if (node.kind === 'post') {
    await SimPost.deleteOne({ platform: 'facebook', postId: node.post.postId });
    forgetPost('facebook', node.post.postId);
    await forgetText('facebook', node.pageId, node.post.message, node.post.postId);
    await deleteMedia('facebook', node.post.mediaIds);
    await SimMedia.deleteMany({ platform: 'facebook', postId: node.post.postId });
  } else {
    await deleteMedia('facebook', [node.photo.mediaId]);
    if (node.photo.postId) {
      await SimPost.deleteOne({
        platform: 'facebook',
        postId: node.photo.postId,
        mediaIds: [node.photo.mediaId],
      });
      forgetPost('facebook', node.photo.postId);
    }
  }
  res.json({ success: true });
}
