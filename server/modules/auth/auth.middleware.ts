import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import type { Role } from '../users/user.model.js';
import { getUser, userForApiToken } from '../users/user.service.js';
import './auth.types.js';

/** Sets req.user from a Bearer API token or the session; never fails: routes decide with requireAuth. */
export const loadUser: RequestHandler = async (req, _res, next) => {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const user = await userForApiToken(header.slice(7).trim());
    if (!user) throw new UnauthorizedError('The API token is invalid or was revoked.');
    req.user = user;
    req.authVia = 'token';
    return next();
  }
  const userId = req.session?.userId;
  if (userId) {
    try {
      const user = await getUser(userId);
      if (user.active) {
        req.user = user;
        req.authVia = 'session';
      }
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  next();
};

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
  // Multipart bodies are parsed after this check (by the upload route), so upload forms carry
  // the token in their action's query string; the request logger drops query strings.
  const fromQuery = req.is('multipart/form-data') ? req.query._csrf : undefined;
  const given = (req.get('x-csrf-token') ??
    (req.body as { _csrf?: unknown } | undefined)?._csrf ??
    fromQuery) as string | undefined;
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
