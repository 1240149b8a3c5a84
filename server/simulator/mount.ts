import { type RequestHandler, Router } from 'express';
import { config } from '../config/index.js';
import { NotFoundError } from '../lib/errors.js';
import { isSandboxAdminKey, sandboxKeyHeader } from '../lib/sandbox-key.js';
import { createSimulator } from './simulator.app.js';

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

/** Mounts the platform simulator under /sandbox. */
export function sandboxRouter(publicUrl: string): Router {
  return Router().use(guardAdmin, createSimulator({ publicUrl }));
}
