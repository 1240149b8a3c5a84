import type { Request, Response } from 'express';
import { metricsAt, type PostMetrics } from '../metrics.js';
import { FACEBOOK_POST_METRICS } from '../simulator.constants.js';
import type { SimPostDoc } from '../store/sim.models.js';
import { getFaults } from '../store/sim.store.js';
import { authenticate, ctx, graphTime, guardPage, param } from './graph-context.js';
import { graphErrors } from './graph-errors.js';
import { fieldName, type GraphNode, resolveNode, splitFields } from './graph-nodes.js';

export function postFields(post: SimPostDoc, res: Response): Record<string, () => unknown> {
  const { now } = ctx(res);
  const base = res.locals.simPublicUrl as string;
  const m = () => metricsAt(post, now);
  return {
    id: () => post.postId,
    message: () => post.message || undefined,
    created_time: () => graphTime(post.createdAt),
    updated_time: () => graphTime(post.createdAt),
    permalink_url: () => `${base}/feeds/facebook/${post.accountId}#${post.postId}`,
    is_published: () => post.published && post.publishAt <= now,
    scheduled_publish_time: () =>
      post.publishAt > now ? Math.floor(post.publishAt.getTime() / 1000) : undefined,
    full_picture: () => (post.mediaIds[0] ? `${base}/media/${post.mediaIds[0]}` : undefined),
    status_type: () => (post.mediaIds.length ? 'added_photos' : 'mobile_status_update'),
    from: () => ({ id: post.accountId }),
    shares: () => (m().shares > 0 ? { count: m().shares } : undefined),
    reactions: () => ({ data: [], summary: { total_count: m().reactions, viewer_reaction: 'NONE' } }),
    comments: () => ({
      data: [],
      summary: { order: 'ranked', total_count: m().comments, can_comment: true },
    }),
  };
}

function nodeFields(node: GraphNode, res: Response): { type: string; fields: Record<string, () => unknown> } {
  if (node.kind === 'post') return { type: 'PagePost', fields: postFields(node.post, res) };
  const base = res.locals.simPublicUrl as string;
  if (node.kind === 'page') {
    const { account } = node;
    return {
      type: 'Page',
      fields: {
        id: () => account.externalId,
        name: () => account.name,
        category: () => 'Community Organization',
        link: () => `${base}/feeds/facebook/${account.externalId}`,
        username: () => account.vanityName,
      },
    };
  }
  const { photo } = node;
  return {
    type: 'Photo',
    fields: {
      id: () => photo.mediaId,
      created_time: () => graphTime(photo.createdAt),
      name: () => photo.caption || undefined,
      alt_text_custom: () => photo.altText || undefined,
      link: () => `${base}/media/${photo.mediaId}`,
      images: () => [{ source: `${base}/media/${photo.mediaId}` }],
      page_story_id: () => photo.postId ?? undefined,
    },
  };
}

const DEFAULT_FIELDS: Record<string, string> = {
  post: 'created_time,message,id',
  page: 'name,id',
  photo: 'created_time,name,id',
};

/** The requested fields of a node; an unknown field fails the request, like Graph. */
export function pickFields(
  type: string,
  fields: Record<string, () => unknown>,
  requested: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of splitFields(requested)) {
    const name = fieldName(field);
    const read = fields[name];
    if (!read)
      throw graphErrors.invalidParam(
        `(#100) Tried accessing nonexisting field (${name}) on node type (${type})`,
      );
    const value = read();
    if (value !== undefined) out[name] = value;
  }
  if (!('id' in out)) out.id = fields.id?.();
  return out;
}

/** The body of GET /{id}?fields=… once the call is allowed. */
export function nodeBody(node: GraphNode, res: Response, requested: string | undefined) {
  const { type, fields } = nodeFields(node, res);
  return pickFields(type, fields, requested ?? DEFAULT_FIELDS[node.kind] ?? 'id');
}

/** GET /{id}?fields=…: one node with the requested fields. */
export async function getNode(req: Request, res: Response): Promise<void> {
  const node = await resolveNode(String(req.params.node));
  await guardPage(res, await authenticate(req, res), node.pageId, 'read');
  res.json(nodeBody(node, res, param(res, 'fields')));
}

const METRIC_TEXT: Record<string, [string, string]> = {
  post_media_view: ['Media views', 'The number of times your post was on screen.'],
  post_total_media_view_unique: ['Media viewers', 'The number of people who saw your post at least once.'],
  post_clicks: ['Post clicks', 'The number of times people clicked on anywhere in your posts.'],
  post_clicks_by_type: ['Post clicks by type', 'The number of clicks on your post, broken down by type.'],
  post_reactions_by_type_total: ['Reactions by type', 'Total post reactions by type.'],
};

function metricValue(name: string, m: PostMetrics): unknown {
  switch (name) {
    case 'post_media_view':
      return m.views;
    case 'post_total_media_view_unique':
      return m.uniqueViews;
    case 'post_clicks':
      return m.clicks;
    case 'post_clicks_by_type':
      return m.clicksByType;
    default:
      return m.reactionsByType;
  }
}

/**
 * A list parameter as Graph takes it: `a,b`, a JSON array (`["a","b"]`, what the Business
 * SDK sends), or an array from a JSON body.
 */
export function listParam(value: unknown): string[] {
  let list: unknown = value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      list = JSON.parse(value);
    } catch {
      throw graphErrors.invalidParam('(#100) Invalid JSON for a list parameter');
    }
  }
  const items = Array.isArray(list) ? list : typeof list === 'string' ? list.split(',') : [];
  return items.map((m) => String(m).trim()).filter(Boolean);
}

/**
 * The body of GET /{post-id}/insights?metric=… once the call is allowed: one invalid or
 * deprecated metric (or one the page's `rejectMetrics` fault names) fails the whole request.
 */
export async function insightsBody(node: GraphNode, res: Response, metric: unknown) {
  const requested = listParam(metric);
  const valid: readonly string[] = FACEBOOK_POST_METRICS;
  const refused = (await getFaults('facebook', node.pageId)).rejectMetrics ?? [];
  const bad = (m: string) => !valid.includes(m) || refused.includes(m);
  if (node.kind !== 'post' || requested.length === 0 || requested.some(bad)) {
    throw graphErrors.badMetric();
  }
  const m = metricsAt(node.post, ctx(res).now);
  const data = requested.map((name) => ({
    name,
    period: 'lifetime',
    values: [{ value: metricValue(name, m) }],
    title: METRIC_TEXT[name]?.[0],
    description: METRIC_TEXT[name]?.[1],
    id: `${node.post.postId}/insights/${name}/lifetime`,
  }));
  const self = `${res.locals.simPublicUrl}/facebook/${ctx(res).version}/${node.post.postId}/insights?metric=${requested.join(',')}`;
  return { data, paging: { previous: `${self}&since=0`, next: `${self}&until=0` } };
}

/** GET /{post-id}/insights?metric=… */
export async function getInsights(req: Request, res: Response): Promise<void> {
  const node = await resolveNode(String(req.params.node));
  await guardPage(res, await authenticate(req, res), node.pageId, 'insights');
  res.json(await insightsBody(node, res, ctx(res).params.metric));
}
