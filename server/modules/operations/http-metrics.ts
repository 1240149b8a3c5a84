import type { Request, RequestHandler } from 'express';
import { observeHttpRequest } from '../../lib/metrics.js';

// Segments that are values rather than names, should a router be mounted under a parameter.
const valueSegment = /^(?:[0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)$/i;

// A hard ceiling on distinct route labels, whatever the routing does: past it, "other".
const maxRoutes = 300;
const seenRoutes = new Set<string>();

function boundedLabel(route: string): string {
  if (seenRoutes.has(route)) return route;
  if (seenRoutes.size >= maxRoutes) return 'other';
  seenRoutes.add(route);
  return route;
}

function normalisedBase(baseUrl: string): string {
  return baseUrl
    .split('/')
    .map((segment) => (valueSegment.test(segment) ? ':id' : segment))
    .join('/');
}

/**
 * Records the full route pattern when the router matches a route. Express keeps only the
 * last router's part in `req.route.path`, and by the time the response finishes an error
 * may have unwound `req.baseUrl`; at the moment of the match both are right.
 */
function capturePattern(req: Request): () => string | undefined {
  let route: unknown = req.route;
  let pattern: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (typeof value?.path !== 'string') return;
      const base = normalisedBase(req.baseUrl);
      pattern = base && value.path === '/' ? base : base + value.path;
    },
  });
  return () => pattern;
}

/** The label of a request no route matched: static files keep their mount point, the rest is one label. */
function unmatchedLabel(req: Request, status: number): string {
  if (status === 404) return 'unmatched';
  const mount = normalisedBase(req.baseUrl);
  return mount ? `${mount}/*` : 'unmatched';
}

/** Times every request into vitrine_http_request_duration_seconds, labelled by route pattern. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const start = process.hrtime.bigint();
  const pattern = capturePattern(req);
  res.once('finish', () => {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const route = pattern() ?? unmatchedLabel(req, res.statusCode);
    observeHttpRequest(req.method, boundedLabel(route), res.statusCode, seconds);
  });
  next();
};
