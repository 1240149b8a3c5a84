import type { Request, Response } from 'express';
import { metricsAt } from '../metrics.js';
import { findPost } from '../store/lookups.js';
import { SimPost, type SimPostDoc } from '../store/sim.models.js';
import { getFaults } from '../store/sim.store.js';
import { guardOrg, orgIdOf, rest } from './li-context.js';
import { liErrors } from './li-errors.js';

const LIST_PARAMS = { shares: 'urn:li:share:', ugcPosts: 'urn:li:ugcPost:' } as const;

/** Raw (still percent-encoded) query pairs, because Rest.li 2.0 syntax lives in the encoding. */
function rawQuery(req: Request): [string, string][] {
  // req.url, not originalUrl: a tunneled query (li-tunnel.ts) lives only there.
  const query = req.url.split('?')[1] ?? '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    });
}

const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    throw liErrors.badQuery();
  }
};

/** `List(urn%3Ali%3Ashare%3A1,urn%3A…)`: delimiters literal, each URN percent-encoded. */
function parseList(raw: string, prefix: string): string[] {
  const match = /^List\((.*)\)$/.exec(raw);
  if (!match) throw liErrors.badQuery();
  const items = (match[1] ?? '').split(',').filter(Boolean);
  return items.map((item) => {
    if (/[:()]/.test(item)) throw liErrors.badQuery();
    const urn = decode(item);
    if (!urn.startsWith(prefix)) throw liErrors.badQuery(`Invalid URN in list: ${urn}`);
    return urn;
  });
}

/** `likesWithdrawn` (a fault) lowers likeCount, even below 0, as LinkedIn reports it (PLATFORMS.md). */
function totals(post: SimPostDoc, now: Date, likesWithdrawn = 0) {
  const m = metricsAt(post, now);
  const likes = m.reactions - likesWithdrawn;
  const engaged = m.clicks + likes + m.comments + m.shares;
  return {
    impressionCount: m.views,
    uniqueImpressionsCount: m.uniqueViews,
    clickCount: m.clicks,
    likeCount: likes,
    commentCount: m.comments,
    shareCount: m.shares,
    engagement: m.views > 0 ? engaged / m.views : 0,
  };
}

type Totals = ReturnType<typeof totals>;
/** Any activity at all (a withdrawn like makes likeCount negative, not the post inactive). */
const active = (t: Totals) =>
  [t.impressionCount, t.clickCount, t.likeCount, t.commentCount, t.shareCount].some((v) => v !== 0);

function sum(all: Totals[]): Totals {
  const out = {
    impressionCount: 0,
    uniqueImpressionsCount: 0,
    clickCount: 0,
    likeCount: 0,
    commentCount: 0,
    shareCount: 0,
    engagement: 0,
  };
  for (const t of all) {
    for (const key of Object.keys(out) as (keyof Totals)[]) if (key !== 'engagement') out[key] += t[key];
  }
  const engaged = out.clickCount + out.likeCount + out.commentCount + out.shareCount;
  out.engagement = out.impressionCount > 0 ? engaged / out.impressionCount : 0;
  return out;
}

/**
 * GET /rest/organizationalEntityShareStatistics?q=organizationalEntity: lifetime totals per
 * post; posts with no activity are left out, as the platform does.
 */
export async function shareStatistics(req: Request, res: Response): Promise<void> {
  const pairs = rawQuery(req);
  const indexed = pairs.map(([k]) => decode(k)).filter((k) => /\[\d*\]/.test(k));
  if (indexed.length) throw liErrors.unpermitted(indexed.map((k) => `/${k}`));
  const get = (name: string) => pairs.find(([k]) => k === name)?.[1];
  if (get('q') !== 'organizationalEntity') throw liErrors.badQuery('Unsupported finder');
  const entity = decode(get('organizationalEntity') ?? '');
  const orgId = orgIdOf(entity);
  if (!orgId) throw liErrors.badQuery(`Invalid organizationalEntity: ${entity}`);
  await guardOrg(res, orgId, 'admin', 'organizationalEntityShareStatistics');
  const { now } = rest(res);
  const { likesWithdrawn } = await getFaults('linkedin', orgId);
  const requested: { key: 'share' | 'ugcPost'; urn: string }[] = [];
  for (const [param, prefix] of Object.entries(LIST_PARAMS)) {
    const raw = get(param);
    if (raw !== undefined) {
      for (const urn of parseList(raw, prefix))
        requested.push({ key: param === 'shares' ? 'share' : 'ugcPost', urn });
    }
  }
  // Listed posts are found by id (what FerretDB looks up without reading every post).
  const posts = requested.length
    ? (await Promise.all(requested.map((r) => findPost('linkedin', r.urn)))).filter(
        (p): p is NonNullable<typeof p> => p?.accountId === orgId,
      )
    : await SimPost.find({ platform: 'linkedin', accountId: orgId }).lean();
  const elements = [];
  if (requested.length) {
    for (const { key, urn } of requested) {
      const post = posts.find((p) => p.postId === urn);
      const stats = post && totals(post, now, likesWithdrawn);
      if (stats && active(stats))
        elements.push({ organizationalEntity: entity, [key]: urn, totalShareStatistics: stats });
    }
  } else {
    const stats = sum(posts.map((p) => totals(p, now, likesWithdrawn)));
    if (active(stats)) elements.push({ organizationalEntity: entity, totalShareStatistics: stats });
  }
  res.json({ paging: { count: 10, start: 0, links: [] }, elements });
}
