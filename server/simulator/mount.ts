import { type RequestHandler, Router } from 'express';
import { config } from '../config/index.js';
import { NotFoundError, UnauthorizedError } from '../lib/errors.js';
import { isSandboxAdminKey, sandboxKeyHeader } from '../lib/sandbox-key.js';
import { isStaff } from '../modules/access/access.policy.js';
import { createSimulator } from './simulator.app.js';

/** Paths that platform clients call with platform tokens (Vitrine's adapters, OAuth dialogs). */
const platformPaths = /^\/(facebook|linkedin)(\/|$)/;

/**
 * In production the simulator's admin endpoints (accounts, faults, clock) answer only
 * Vitrine's own processes, which send the install's sandbox key; elsewhere they are open
 * so developers and tests can inject faults.
 */
const guardAdmin: RequestHandler = (req, _res, next) => {
  if (
    config().NODE_ENV === 'production' &&
    req.path.startsWith('/_admin') &&
    !isSandboxAdminKey(req.get(sandboxKeyHeader))
  ) {
    throw new NotFoundError();
  }
  next();
};

/**
 * The human-facing pages (account list, feeds, media) show every sandbox account and post:
 * in production, staff only (elsewhere they stay open, like the admin endpoints, for
 * developers and tests). The session is read here rather than for the whole router because platform
 * calls carry platform tokens in their Authorization header, which Vitrine's own
 * token check would refuse.
 */
function guardPages(staffSession: RequestHandler[]): RequestHandler {
  const gate: RequestHandler = (req, _res, next) => {
    if (!req.user) throw new UnauthorizedError();
    if (!isStaff(req.user)) throw new NotFoundError();
    next();
  };
  const chain = Router().use(...staffSession, gate);
  return (req, res, next) => {
    if (config().NODE_ENV !== 'production') return next();
    if (platformPaths.test(req.path) || req.path.startsWith('/_admin')) return next();
    chain(req, res, next);
  };
}

/**
 * Mounts the platform simulator under /sandbox (only when SANDBOX_ENABLED). `staffSession`
 * reads the Vitrine session into req.user (session middleware, then loadUser).
 */
export function sandboxRouter(publicUrl: string, staffSession: RequestHandler[]): Router {
  return Router().use(guardAdmin, guardPages(staffSession), createSimulator({ publicUrl }));
}
