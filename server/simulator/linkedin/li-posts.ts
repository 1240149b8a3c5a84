import type { Request, Response } from 'express';
import { z } from 'zod';
import { loseOutcome } from '../lost-outcome.js';
import { LINKEDIN_MAX_COMMENTARY } from '../simulator.constants.js';
import { storePost } from '../store/grouped.js';
import { findImage, findPost, forgetPost, rememberPost } from '../store/lookups.js';
import { SimPost, type SimPostDoc } from '../store/sim.models.js';
import { getFaults, numericId } from '../store/sim.store.js';
import { forgetText, markText } from '../store/text-markers.js';
import { guardOrg, orgIdOf, orgUrn, rest } from './li-context.js';
import { liErrors, unprocessable } from './li-errors.js';
import { imageStatus } from './li-images.js';
import { littleText } from './little-text.js';

const mediaRef = z.object({ id: z.string(), altText: z.string().optional(), title: z.string().optional() });
const postBody = z.object({
  author: z.string(),
  commentary: z.string().default(''),
  visibility: z.enum(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER']),
  distribution: z.object({
    feedDistribution: z.enum(['MAIN_FEED', 'NONE']),
    targetEntities: z.array(z.unknown()).optional(),
    thirdPartyDistributionChannels: z.array(z.unknown()).optional(),
  }),
  content: z
    .object({
      media: mediaRef.optional(),
      multiImage: z.object({ images: z.array(mediaRef).min(2).max(20) }).optional(),
      article: z
        .object({ source: z.string(), title: z.string().optional(), description: z.string().optional() })
        .optional(),
    })
    .optional(),
  lifecycleState: z.enum(['PUBLISHED', 'DRAFT']),
  isReshareDisabledByAuthor: z.boolean().optional(),
});

function parseBody(body: unknown) {
  const parsed = postBody.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('/') ?? '';
  throw unprocessable(
    `ERROR :: /${path} :: ${issue?.message ?? 'invalid'}`,
    'INVALID_VALUE',
    issue?.message ?? 'invalid',
    path,
  );
}

async function checkImages(ids: string[], orgId: string, now: Date): Promise<void> {
  for (const id of ids) {
    const image = await findImage(id);
    const status = image ? imageStatus(image, now) : 'NOT_FOUND';
    if (!image || image.accountId !== orgId || status !== 'AVAILABLE') {
      throw unprocessable(
        `ERROR :: /content/media/id :: ${id} is not a usable image (${status})`,
        'INVALID_VALUE',
        `Media ${id} is ${status}`,
        'content.media.id',
      );
    }
  }
}

/** POST /rest/posts: 201, empty body, the new post's URN in `x-restli-id`. */
export async function createPost(req: Request, res: Response): Promise<void> {
  const body = parseBody(req.body);
  const orgId = orgIdOf(body.author);
  if (!orgId) throw liErrors.denied(`partnerApiPostsExternal.CREATE.${rest(res).version.slice(0, 6)}01`);
  await guardOrg(res, orgId, 'write', 'partnerApiPostsExternal');
  const { now } = rest(res);
  if (body.commentary.length > LINKEDIN_MAX_COMMENTARY) {
    throw unprocessable(
      `ERROR :: /commentary :: length ${body.commentary.length} exceeds ${LINKEDIN_MAX_COMMENTARY}`,
      'INVALID_VALUE',
      'Commentary is too long',
      'commentary',
    );
  }
  const images = [
    ...(body.content?.media ? [body.content.media] : []),
    ...(body.content?.multiImage?.images ?? []),
  ];
  await checkImages(
    images.map((i) => i.id).filter((id) => id.startsWith('urn:li:image:')),
    orgId,
    now,
  );
  const postId = `urn:li:share:7${numericId(18)}`;
  const detect = (await getFaults('linkedin', orgId)).duplicateDetection !== false;
  const twin = await markText('linkedin', orgId, body.commentary, postId, now, detect);
  if (twin) throw liErrors.duplicate(twin);
  try {
    const post = await storePost({
      _id: postId,
      postId,
      platform: 'linkedin',
      accountId: orgId,
      message: body.commentary,
      displayText: littleText(body.commentary).display,
      link: body.content?.article?.source ?? null,
      mediaIds: images.map((i) => i.id),
      altText: images[0]?.altText ?? '',
      published: body.lifecycleState === 'PUBLISHED',
      publishAt: now,
      createdAt: now,
    });
    rememberPost(post);
  } catch (err) {
    await forgetText('linkedin', orgId, body.commentary, postId);
    throw err;
  }
  if (await loseOutcome(req, res, 'linkedin', orgId)) return;
  res.status(201).setHeader('x-restli-id', postId).setHeader('x-linkedin-id', postId).end();
}

/** A stored post as the Posts API returns it. */
export function toRest(post: SimPostDoc) {
  const [first, ...more] = post.mediaIds;
  const media = more.length
    ? { multiImage: { images: post.mediaIds.map((id) => ({ id })) } }
    : first
      ? { media: { id: first, altText: post.altText || undefined } }
      : post.link
        ? { article: { source: post.link } }
        : undefined;
  return {
    id: post.postId,
    author: orgUrn(post.accountId),
    commentary: littleText(post.message).kept,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    ...(media ? { content: media } : {}),
    lifecycleState: post.published ? 'PUBLISHED' : 'DRAFT',
    isReshareDisabledByAuthor: false,
    createdAt: post.createdAt.getTime(),
    publishedAt: post.publishAt.getTime(),
    lastModifiedAt: post.createdAt.getTime(),
  };
}

async function postOf(req: Request) {
  const post = await findPost('linkedin', String(req.params.urn));
  if (!post) throw liErrors.notFound(`Post ${String(req.params.urn)} not found`);
  return post;
}

/** GET /rest/posts/{urn}: the stored commentary is what survived the little-text cut. */
export async function getPost(req: Request, res: Response): Promise<void> {
  const post = await postOf(req);
  await guardOrg(res, post.accountId, 'read', 'partnerApiPostsExternal');
  res.json(toRest(post));
}

export async function deletePost(req: Request, res: Response): Promise<void> {
  const post = await postOf(req);
  await guardOrg(res, post.accountId, 'write', 'partnerApiPostsExternal');
  await SimPost.deleteOne({ _id: post._id });
  forgetPost('linkedin', post.postId);
  await forgetText('linkedin', post.accountId, post.message, post.postId);
  res.status(204).end();
}
