import { timingSafeEqual } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { config } from '../../config/index.js';
import { TooManyRequestsError, UnauthorizedError } from '../../lib/errors.js';
import { html } from '../../lib/html.js';
import { csrfToken } from '../../modules/auth/auth.middleware.js';
import { signIn, signOut } from '../../modules/auth/auth.service.js';
import { LoginThrottle } from '../../modules/auth/login-throttle.js';
import { updateUser } from '../../modules/users/user.service.js';
import { localeOf, t } from '../i18n/index.js';
import { csrfField, formField, sendPage } from '../layout.js';

const loginForm = z.object({
  email: z.string().trim().max(254).default(''),
  password: z.string().max(200).default(''),
  next: z.string().max(2000).optional(),
  _csrf: z.string().optional(),
});

/** Only same-site relative paths: "/x" but never "//host" or "/\host". */
function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return '/';
  if ([...next].some((c) => c.charCodeAt(0) < 0x20 || c === '\\') || next.startsWith('/logout')) return '/';
  return next;
}

function sameToken(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function renderLogin(
  req: Request,
  res: Response,
  state: { email?: string; error?: string; status?: number },
): void {
  const locale = localeOf(req);
  const next = safeNext(req.body?.next ?? req.query.next);
  const error = state.error
    ? html`<div class="flash flash-error" role="alert" id="login-error">${state.error}</div>`
    : '';
  const body = html`<section class="card narrow">
    <h1>${t(locale, 'login.title')}</h1>
    <p class="muted">${t(locale, 'login.intro')}</p>
    ${error}
    <form method="post" action="/login" class="form" novalidate>
      ${csrfField(req)}
      <input type="hidden" name="next" value="${next}">
      ${formField({ name: 'email', type: 'email', label: t(locale, 'login.email'), value: state.email, required: true, autocomplete: 'username' })}
      ${formField({ name: 'password', type: 'password', label: t(locale, 'login.password'), required: true, autocomplete: 'current-password' })}
      <button type="submit" class="button primary">${t(locale, 'login.submit')}</button>
    </form>
  </section>`;
  sendPage(req, res, { title: t(locale, 'login.title'), body }, state.status ?? 200);
}

/** Sign-in, sign-out and the language switch: the pages reachable without an account. */
export function authPages(): Router {
  const router = Router();
  const throttle = new LoginThrottle(`${config().REDIS_PREFIX}:`);

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, safeNext(req.query.next));
    renderLogin(req, res, {});
  });

  router.post('/login', async (req, res) => {
    const locale = localeOf(req);
    const form = loginForm.parse(req.body ?? {});
    if (!sameToken(form._csrf, req.session?.csrfToken)) {
      csrfToken(req);
      return renderLogin(req, res, { email: form.email, error: t(locale, 'login.expired'), status: 403 });
    }
    try {
      await signIn(req, throttle, form.email, form.password);
    } catch (err) {
      if (err instanceof TooManyRequestsError) {
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
        const minutes = Math.max(1, Math.ceil(err.retryAfterSeconds / 60));
        return renderLogin(req, res, {
          email: form.email,
          error: t(locale, 'login.throttled', { minutes }),
          status: 429,
        });
      }
      if (err instanceof UnauthorizedError) {
        return renderLogin(req, res, { email: form.email, error: t(locale, 'login.failed'), status: 401 });
      }
      throw err;
    }
    res.redirect(303, safeNext(form.next));
  });

  router.post('/logout', async (req, res) => {
    if (req.session) await signOut(req);
    res.clearCookie('vitrine.sid');
    res.redirect(303, '/login');
  });

  router.post('/language', async (req, res) => {
    const locale = req.body?.locale === 'en' ? 'en' : 'fr';
    if (req.user && req.authVia === 'session') req.user = await updateUser(req.user.id, { locale });
    res.cookie('vitrine.lang', locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
    res.redirect(303, safeNext(req.body?.next));
  });

  return router;
}
