import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type RequestHandler, Router } from 'express';
import type { ErrorBody } from '../lib/error-handler.js';
import { NotFoundError } from '../lib/errors.js';
import { html } from '../lib/html.js';
import { isStaff } from '../modules/access/access.policy.js';
import { channelsNeedingReconnection } from '../modules/channels/channel.service.js';
import { countUnread } from '../modules/notifications/notification.service.js';
import { countNeedingAction } from '../modules/scheduling/preflight.service.js';
import { type Locale, localeOf, type MessageKey, t } from './i18n/index.js';
import { layout } from './layout.js';
import { adsPages } from './pages/ads.page.js';
import { approvalLinkPages } from './pages/approval-link.page.js';
import { authPages } from './pages/auth.page.js';
import { calendarPages } from './pages/calendar.page.js';
import { campaignsPages } from './pages/campaigns.page.js';
import { channelsPagesRouter } from './pages/channels.page.js';
import { enterprisesPages } from './pages/enterprises.page.js';
import { exposurePages } from './pages/exposure.page.js';
import { homePages } from './pages/home.page.js';
import { notificationsPages } from './pages/notifications.page.js';
import { publicationsPages } from './pages/publications.page.js';
import { reportSharePages } from './pages/report-share.page.js';
import { reportsPages } from './pages/reports.page.js';
import { settingsPages } from './pages/settings.page.js';
import { templatesPagesRouter } from './pages/templates.page.js';
import { timePages } from './pages/time.page.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Under tsx the CSS sits beside this file; once built to dist/, it stays in the source tree.
const staticDir = [path.join(here, 'static'), path.resolve(here, '../../../server/dashboard/static')].find(
  (dir) => existsSync(path.join(dir, 'app.css')),
);
const require = createRequire(import.meta.url);
const htmxFile = require.resolve('htmx.org/dist/htmx.min.js');
/** FullCalendar's browser builds, served from node_modules (their exports omit these files). */
const packageFile = (pkg: string, file: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
const fullcalendarFiles: Record<string, string> = {
  'core.js': packageFile('@fullcalendar/core', 'index.global.min.js'),
  'fr.js': packageFile('@fullcalendar/core', 'locales/fr.global.min.js'),
  'daygrid.js': packageFile('@fullcalendar/daygrid', 'index.global.min.js'),
  'timegrid.js': packageFile('@fullcalendar/timegrid', 'index.global.min.js'),
  'list.js': packageFile('@fullcalendar/list', 'index.global.min.js'),
  'interaction.js': packageFile('@fullcalendar/interaction', 'index.global.min.js'),
};
const staticOptions = { maxAge: '1d', immutable: false, fallthrough: false, index: false } as const;

/** Signed-in users only; everyone else goes to the sign-in page and comes back afterwards. */
const requireSignedIn: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  const back = req.method === 'GET' ? req.originalUrl : '/';
  res.redirect(303, back === '/' ? '/login' : `/login?next=${encodeURIComponent(back)}`);
};

/** For staff, how many channels need reconnection (one indexed query; shown by the layout). */
const countChannelsToReconnect: RequestHandler = async (req, res, next) => {
  // htmx fragments (e.g. progress polling) are not laid out; boosted navigations are.
  const fragment = req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true';
  if (req.user && isStaff(req.user) && req.accepts('html') && !fragment) {
    res.locals.channelsToReconnect = (await channelsNeedingReconnection()).length;
    res.locals.publicationsNeedingAction = await countNeedingAction();
  }
  if (req.user && req.accepts('html') && !fragment)
    res.locals.unreadNotifications = await countUnread(req.user);
  next();
};

/** Server-rendered dashboard: static files, sign-in, then the signed-in pages. */
export function dashboardRouter(): Router {
  const router = Router();
  router.get('/static/htmx.min.js', (_req, res) => res.sendFile(htmxFile, { maxAge: '7d' }));
  router.get('/static/fullcalendar/:file', (req, res, next) => {
    const file = Object.hasOwn(fullcalendarFiles, req.params.file)
      ? fullcalendarFiles[req.params.file]
      : undefined;
    if (file) res.sendFile(file, { maxAge: '7d' });
    else next(new NotFoundError());
  });
  if (staticDir) router.use('/static', express.static(staticDir, staticOptions));
  router.use(authPages());
  router.use(approvalLinkPages());
  router.use(reportSharePages());
  router.use(requireSignedIn);
  router.use(countChannelsToReconnect);
  router.use(homePages());
  router.use('/enterprises', enterprisesPages());
  router.use('/campaigns', campaignsPages());
  router.use('/ads', adsPages());
  router.use(notificationsPages());

  // ── Other engineers' page routers: the lead adds them here, after requireSignedIn. ──
  router.use(channelsPagesRouter());
  router.use(publicationsPages());
  router.use(templatesPagesRouter);
  router.use(calendarPages());
  router.use(exposurePages());
  router.use(reportsPages());
  router.use(timePages());
  router.use(settingsPages());
  // ── end of the list ──

  return router;
}

const knownStatuses = [400, 401, 403, 404, 413, 429, 500] as const;

function errorMessage(locale: Locale, status: number): string {
  const known = knownStatuses.find((s) => s === status) ?? (status >= 500 ? 500 : 400);
  return t(locale, `error.${known}` as MessageKey);
}

/** A friendly error page in the user's language: never a stack trace, never an internal message for a 500. */
export function renderErrorPage(req: Request, status: number, body: ErrorBody): string {
  const locale = localeOf(req);
  const detail =
    body.error.code === 'payload_too_large' || status >= 500 || status === 404 ? '' : body.error.message;
  const action =
    status === 401
      ? html`<a class="button primary" href="/login">${t(locale, 'login.submit')}</a>`
      : html`<a class="button" href="/">${t(locale, 'error.home')}</a>`;
  const content = html`<section class="card narrow error-page">
    <p class="error-code" aria-hidden="true">${status}</p>
    <h1>${t(locale, 'error.title', { status })}</h1>
    <p>${errorMessage(locale, status)}</p>
    ${detail && locale === 'en' ? html`<p class="muted">${detail}</p>` : ''}
    <p>${action}</p>
  </section>`;
  return layout(req, { title: t(locale, 'error.title', { status }), body: content });
}
