import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { config } from '../../config/index.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import type { Role } from '../users/user.model.js';
import { userForApiToken } from '../users/user.service.js';
import { regenerate, type SessionLifetime, userOfSession } from './session.js';
import './auth.types.js';

/**
 * Sets req.user from a Bearer API token or the session; a session that no longer counts is
 * replaced by an anonymous one. Never refuses: routes decide with requireAuth.
 */
export const loadUser: RequestHandler = async (req, _res, next) => {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const user = await userForApiToken(header.slice(7).trim());
    if (!user) throw new UnauthorizedError('The API token is invalid or was revoked.');
    req.user = user;
    req.authVia = 'token';
    return next();
  }
  if (req.session?.userId) {
    const user = await userOfSession(req.session, sessionLifetime());
    if (user) {
      req.user = user;
      req.authVia = 'session';
    } else await regenerate(req);
  }
  next();
};

/** The configured session lifetime (SESSION_IDLE_MINUTES, SESSION_MAX_AGE_HOURS). */
export function sessionLifetime(): SessionLifetime {
  const cfg = config();
  return { idleSeconds: cfg.SESSION_IDLE_MINUTES * 60, maxAgeSeconds: cfg.SESSION_MAX_AGE_HOURS * 3600 };
}

export function requireAuth(req: Request, _res: Response, next: NextFunction): void {
  if (!req.user) throw new UnauthorizedError();
  next();
}

/** Allows only the listed roles; a member reaching a staff route gets 404 so nothing leaks. */
export function requireRole(...allowed: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) throw new UnauthorizedError();
    if (!allowed.includes(req.user.role)) {
      if (req.user.role === 'member') throw new NotFoundError();
      throw new ForbiddenError();
    }
    next();
  };
}

export function csrfToken(req: Request): string {
  if (!req.session) return '';
  req.session.csrfToken ??= randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Unsafe requests authenticated by the session cookie must carry the session's CSRF token. */
export const verifyCsrf: RequestHandler = (req, _res, next) => {
  if (safeMethods.has(req.method) || req.authVia !== 'session') return next();
  const expected = req.session?.csrfToken;
  // A multipart form without JavaScript was parsed just before (parseFormBeforeCsrf), so its
  // token is in the body like any form's; a token in the query string is not accepted.
  const given = (req.get('x-csrf-token') ?? (req.body as { _csrf?: unknown } | undefined)?._csrf) as
    | string
    | undefined;
  if (
    !expected ||
    typeof given !== 'string' ||
    given.length !== expected.length ||
    !timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  ) {
    throw new ForbiddenError('The form expired or the CSRF token is missing. Reload the page and try again.');
  }
  next();
};
