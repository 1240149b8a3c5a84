import { createHash, timingSafeEqual } from 'node:crypto';
import { type RequestHandler, Router } from 'express';
import { config } from '../../config/index.js';
import { NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import { metricsExposition } from '../../lib/metrics.js';

// Hashing first gives equal lengths, so the comparison time says nothing about the token.
const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the Authorization header carries exactly this Bearer token (constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token));
}

const requireMetricsToken: RequestHandler = (req, res, next) => {
  const token = config().METRICS_TOKEN;
  // Without a token the endpoint does not exist here: metrics are then served, if at all,
  // on METRICS_PORT, which must not be reachable from outside.
  if (!token) throw new NotFoundError();
  if (!bearerMatches(req.get('authorization'), token)) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    throw new UnauthorizedError('A valid metrics token is required.');
  }
  next();
};

/** GET /metrics on the main port, for Prometheus with `Authorization: Bearer <METRICS_TOKEN>`. */
export function metricsRouter(): Router {
  const router = Router();
  router.get('/metrics', requireMetricsToken, async (_req, res) => {
    const { contentType, body } = await metricsExposition();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  });
  return router;
}
