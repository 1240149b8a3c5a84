import type { Request, Response } from 'express';
import { SimPost } from '../store/sim.models.js';
import { guardOrg, orgIdOf, rest } from './li-context.js';
import { liErrors } from './li-errors.js';
import { toRest } from './li-posts.js';

const MAX_COUNT = 100;

function intParam(value: unknown, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw liErrors.badQuery(`Invalid paging parameter: ${String(value)}`);
  return n;
}

/**
 * GET /rest/posts?q=author&author=<urn>&count&start&sortBy: "Find Posts by Authors", newest
 * first, paged by start/count (PLATFORMS.md, Reading back what was posted). Needs
 * r_organization_social or w_organization_social.
 */
export async function findPostsByAuthor(req: Request, res: Response): Promise<void> {
  const q = req.query as Record<string, unknown>;
  if (q.q !== 'author') throw liErrors.badQuery('Unsupported finder');
  const author = typeof q.author === 'string' ? q.author : '';
  const orgId = orgIdOf(author);
  if (!orgId) throw liErrors.badQuery(`Invalid author: ${author}`);
  const sortBy = q.sortBy ?? 'LAST_MODIFIED';
  if (sortBy !== 'LAST_MODIFIED' && sortBy !== 'CREATED')
    throw liErrors.badQuery(`Invalid sortBy: ${String(sortBy)}`);
  await guardOrg(res, orgId, 'readPosts', 'partnerApiPostsExternal');
  const start = intParam(q.start, 0);
  const count = Math.min(MAX_COUNT, intParam(q.count, 10));
  // Posts are never edited here, so last-modified and created orders are the same.
  const posts = await SimPost.find({
    platform: 'linkedin',
    accountId: orgId,
    createdAt: { $lte: rest(res).now },
  })
    .sort({ createdAt: -1, postId: -1 })
    .skip(start)
    .limit(count + 1)
    .lean();
  const elements = posts.slice(0, count).map(toRest);
  const links = [];
  const href = (at: number) =>
    `/rest/posts?q=author&author=${encodeURIComponent(author)}&count=${count}&start=${at}&sortBy=${sortBy}`;
  if (start > 0)
    links.push({ type: 'application/json', rel: 'prev', href: href(Math.max(0, start - count)) });
  if (posts.length > count) links.push({ type: 'application/json', rel: 'next', href: href(start + count) });
  res.json({ paging: { start, count, links }, elements });
}
