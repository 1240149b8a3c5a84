import type { Request, Response } from 'express';
import { SimPost } from '../store/sim.models.js';
import { authenticate, ctx, guardPage, param } from './graph-context.js';
import { graphErrors } from './graph-errors.js';
import { resolveNode } from './graph-nodes.js';
import { pickFields, postFields } from './graph-read.js';

const cursor = (offset: number) => Buffer.from(String(offset)).toString('base64url');
const offsetOf = (value: string | undefined) =>
  Math.max(0, Number(Buffer.from(value ?? '', 'base64url').toString() || 0) || 0);

/** `since`/`until` as Graph takes them: unix seconds, or anything Date can parse (ISO 8601). */
function timeParam(res: Response, name: string): Date | undefined {
  const raw = param(res, name);
  if (raw === undefined || raw === '') return undefined;
  const at = /^\d+$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
  if (Number.isNaN(at.getTime())) throw graphErrors.invalidParam(`(#100) Invalid ${name} parameter`);
  return at;
}

/**
 * GET /{page-id}/published_posts: the page's live posts, newest first, paged with cursors.
 * Staged photos (never a post) and future scheduled posts are not listed; each `id` is the
 * `post_id` that POST /{page}/photos returned (PLATFORMS.md, Reading back what was posted).
 */
export async function getPublishedPosts(req: Request, res: Response): Promise<void> {
  const node = await resolveNode(String(req.params.node));
  if (node.kind !== 'page') {
    const type = node.kind === 'post' ? 'PagePost' : 'Photo';
    throw graphErrors.invalidParam(
      `(#100) Tried accessing nonexisting field (published_posts) on node type (${type})`,
    );
  }
  const token = await authenticate(req, res);
  await guardPage(res, token, node.pageId, 'read');
  const { now, version } = ctx(res);
  const since = timeParam(res, 'since');
  const until = timeParam(res, 'until');
  const limit = Math.min(100, Math.max(1, Number(param(res, 'limit') ?? 25) || 25));
  const start = offsetOf(param(res, 'after'));
  const created: Record<string, Date> = { $lte: until && until < now ? until : now };
  if (since) created.$gte = since;
  const posts = await SimPost.find({
    platform: 'facebook',
    accountId: node.pageId,
    published: true,
    publishAt: { $lte: now },
    createdAt: created,
  })
    .sort({ createdAt: -1, postId: -1 })
    .skip(start)
    .limit(limit + 1)
    .lean();
  const page = posts.slice(0, limit);
  const fields = param(res, 'fields') ?? 'created_time,message,id';
  const data = page.map((post) => pickFields('PagePost', postFields(post, res), fields));
  const paging: Record<string, unknown> = {
    cursors: { before: cursor(start), after: cursor(start + page.length) },
  };
  if (posts.length > limit) {
    const next = new URL(`${res.locals.simPublicUrl}/facebook/${version}/${node.pageId}/published_posts`);
    for (const [key, value] of Object.entries({ fields, limit: String(limit), since: param(res, 'since') })) {
      if (value !== undefined) next.searchParams.set(key, value);
    }
    next.searchParams.set('after', cursor(start + limit));
    if (token !== 'app') next.searchParams.set('access_token', token.token);
    paging.next = next.toString();
  }
  res.json({ data, paging });
}
