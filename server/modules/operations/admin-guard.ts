import type { Request, RequestHandler } from 'express';
import { config } from '../../config/index.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { requireRole, verifyCsrf } from '../auth/auth.middleware.js';

const onlyAdmins = requireRole('admin');

/**
 * Admins only, as the dashboard does it: a signed-out browser goes to the sign-in page and
 * comes back; a signed-out script gets 401; a strategist 403; a member 404.
 */
export const requireAdmin: RequestHandler = (req, res, next) => {
  if (!req.user && req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  if (!req.user) throw new UnauthorizedError();
  onlyAdmins(req, res, next);
};

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins this app is served from: PUBLIC_URL, and the one the request was addressed to. */
function isSameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin) return false;
  return origin === new URL(config().publicUrl).origin || origin === `${req.protocol}://${req.get('host')}`;
}

/**
 * CSRF protection for a browser UI that cannot send our token: Bull Board's own scripts
 * issue its PUT/POST/PATCH calls. Browsers attach an Origin header to every such request,
 * and a page on another site cannot forge it, so a session-authenticated unsafe request is
 * accepted when it comes from this app's own origin; otherwise it needs the session's CSRF
 * token like any other (verifyCsrf refuses it). Bearer-token requests carry no ambient
 * credentials and pass.
 */
export const sameOriginOrCsrfToken: RequestHandler = (req, res, next) => {
  if (safeMethods.has(req.method) || req.authVia !== 'session' || isSameOrigin(req)) return next();
  verifyCsrf(req, res, next);
};
