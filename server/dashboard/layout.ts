import type { Request, Response } from 'express';
import { config } from '../config/index.js';
import { linkedinVersionStatus } from '../config/linkedin-version.js';
import { html, type SafeHtml } from '../lib/html.js';
import { isStaff } from '../modules/access/access.policy.js';
import { csrfToken } from '../modules/auth/auth.middleware.js';
import { csrfField } from './forms.js';
import { type Locale, localeOf, type MessageKey, t } from './i18n/index.js';

export {
  checkboxField,
  csrfField,
  errorSummary,
  type FieldErrors,
  fieldErrors,
  formField,
  selectField,
  textareaField,
} from './forms.js';

declare module 'express-session' {
  interface SessionData {
    /** One message shown on the next page (after a redirect). */
    flash?: { kind: 'success' | 'error'; text: string };
  }
}

/** The sections of the navigation; `active` highlights one. */
export type NavSection =
  | 'home'
  | 'enterprises'
  | 'campaigns'
  | 'ads'
  | 'calendar'
  | 'exposure'
  | 'publications'
  | 'channels'
  | 'templates'
  | 'reports'
  | 'time'
  | 'settings';

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  active?: NavSection;
}

interface NavItem {
  section: NavSection;
  href: string;
  label: MessageKey;
  staffOnly?: boolean;
  adminOnly?: boolean;
}

const navItems: NavItem[] = [
  { section: 'home', href: '/', label: 'nav.home' },
  { section: 'enterprises', href: '/enterprises', label: 'nav.enterprises' },
  { section: 'campaigns', href: '/campaigns', label: 'nav.campaigns' },
  { section: 'ads', href: '/ads', label: 'nav.ads' },
  { section: 'calendar', href: '/calendar', label: 'nav.calendar' },
  { section: 'exposure', href: '/exposure', label: 'nav.exposure' },
  { section: 'reports', href: '/reports', label: 'nav.reports' },
  { section: 'time', href: '/time', label: 'nav.time' },
  { section: 'publications', href: '/publications', label: 'nav.publications', staffOnly: true },
  { section: 'channels', href: '/channels', label: 'nav.channels', staffOnly: true },
  { section: 'templates', href: '/templates', label: 'nav.templates', staffOnly: true },
  { section: 'settings', href: '/settings', label: 'nav.settings', adminOnly: true },
];

/** Queues a message for the next page the user sees (Post/Redirect/Get). */
export function flash(req: Request, kind: 'success' | 'error', text: string): void {
  if (req.session) req.session.flash = { kind, text };
}

function takeFlash(req: Request): SafeHtml | undefined {
  const message = req.session?.flash;
  if (!message) return undefined;
  delete req.session.flash;
  const role = message.kind === 'error' ? 'alert' : 'status';
  return html`<div class="flash flash-${message.kind}" role="${role}">${message.text}</div>`;
}

function navigation(req: Request, locale: Locale, active?: NavSection): SafeHtml {
  const user = req.user;
  if (!user) return html``;
  const items = navItems.filter(
    (item) => (!item.staffOnly || isStaff(user)) && (!item.adminOnly || user.role === 'admin'),
  );
  // The menu button shows only once app.js runs: without JavaScript the menu stays open.
  return html`<nav class="nav" id="main-nav" aria-label="${t(locale, 'nav.label')}">
    <button type="button" class="nav-toggle" aria-expanded="false" aria-controls="main-nav-list" hidden>${t(locale, 'nav.menu')}</button>
    <ul id="main-nav-list">${items.map(
      (item) =>
        html`<li><a href="${item.href}"${item.section === active ? html` aria-current="page"` : ''}>${t(locale, item.label)}</a></li>`,
    )}</ul></nav>`;
}

/** The language switch: a POST form, so it also works without JavaScript. */
function languageSwitch(req: Request, locale: Locale): SafeHtml {
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  return html`<form method="post" action="/language" class="inline-form">
    ${csrfField(req)}
    <input type="hidden" name="locale" value="${other}">
    <input type="hidden" name="next" value="${req.originalUrl}">
    <button type="submit" class="link-button" lang="${other}" aria-label="${t(locale, 'nav.language')}: ${t(locale, 'nav.switchTo')}">${t(locale, 'nav.switchTo')}</button>
  </form>`;
}

/** The bell: the signed-in user's unread notifications, linking to them (counted by the dashboard router). */
function bell(req: Request, locale: Locale): SafeHtml {
  if (!req.user) return html``;
  const count = Number(req.res?.locals.unreadNotifications ?? 0);
  return html`<a class="bell${count > 0 ? ' bell-unread' : ''}" href="/notifications" aria-label="${t(locale, 'notifications.bell', { count })}"><span aria-hidden="true">🔔</span>${count > 0 ? html`<span class="bell-count" aria-hidden="true">${count > 99 ? '99+' : count}</span>` : ''}</a>`;
}

function header(req: Request, locale: Locale): SafeHtml {
  const user = req.user;
  const account = user
    ? html`<span class="who">${t(locale, 'nav.signedInAs', { name: user.name })}</span>
      <form method="post" action="/logout" class="inline-form">
        ${csrfField(req)}
        <button type="submit" class="link-button">${t(locale, 'nav.signOut')}</button>
      </form>`
    : '';
  return html`<header class="topbar">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">V</span> ${t(locale, 'app.name')}
      <span class="brand-hub">${config().HUB_NAME}</span></a>
    <div class="account">${bell(req, locale)} ${languageSwitch(req, locale)} ${account}</div>
  </header>`;
}

/** The whole page: head, top bar, navigation, flash message and the page's body. Other dashboard pages use it too. */
export function layout(req: Request, options: LayoutOptions): string {
  const locale = localeOf(req);
  const token = req.session ? csrfToken(req) : '';
  return `<!doctype html>${html`<html lang="${locale === 'fr' ? 'fr-CA' : 'en-CA'}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="csrf-token" content="${token}">
  <meta name="htmx-config" content='{"responseHandling":[{"code":"204","swap":false},{"code":"...","swap":true}],"historyCacheSize":0}'>
  <title>${options.title} · ${t(locale, 'app.name')}</title>
  <link rel="stylesheet" href="/static/app.css">
  <script src="/static/htmx.min.js" defer></script>
  <script src="/static/app.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#main">${t(locale, 'app.skip')}</a>
  ${header(req, locale)}
  <div class="shell${req.user ? '' : ' shell-anonymous'}">
    ${navigation(req, locale, options.active)}
    <main id="main" tabindex="-1">
      ${takeFlash(req)}
      ${channelAlert(req, locale, options.active)}
      ${publicationAlert(req, locale, options.active)}
      ${linkedinVersionAlert(req, locale)}
      ${options.body}
    </main>
  </div>
</body>
</html>`}`;
}

/** Staff see on every page that publications are held until a channel is reconnected. */
function channelAlert(req: Request, locale: Locale, active: string | undefined) {
  const count = Number(req.res?.locals.channelsToReconnect ?? 0);
  if (count === 0 || active === 'channels') return '';
  return html`<div class="flash flash-error" role="alert">${t(locale, 'alert.channels', { count })}
    <a href="/channels">${t(locale, 'alert.channelsAction')}</a></div>`;
}

/** Staff see on every page the publications that failed, are held, unconfirmed, missed, or fail a pre-flight check. */
function publicationAlert(req: Request, locale: Locale, active: string | undefined) {
  const count = Number(req.res?.locals.publicationsNeedingAction ?? 0);
  if (count === 0 || active === 'publications') return '';
  return html`<div class="flash flash-error" role="alert">${t(locale, 'alert.publications', { count })}
    <a href="/publications">${t(locale, 'alert.publicationsAction')}</a></div>`;
}

/** Admins see, ahead of time, that LinkedIn will soon refuse the configured API version. */
function linkedinVersionAlert(req: Request, locale: Locale) {
  if (req.user?.role !== 'admin') return '';
  const cfg = config();
  const status = linkedinVersionStatus(cfg.LINKEDIN_VERSION, new Date(), cfg.LINKEDIN_SUNSET_WARNING_DAYS);
  if (!status.warn) return '';
  const params = {
    version: status.version,
    date: status.sunset.toISOString().slice(0, 10),
    days: status.daysLeft,
  };
  const key = status.daysLeft > 0 ? 'alert.linkedinVersion' : 'alert.linkedinVersionPast';
  return html`<div class="flash flash-error" role="alert" id="linkedin-version-alert">${t(locale, key, params)}</div>`;
}

/** Sends a page in the layout. */
export function sendPage(req: Request, res: Response, options: LayoutOptions, status = 200): void {
  res.status(status).type('html').send(layout(req, options));
}

export { listUrl, pageHead, pagination, statusBadge, statusOptions } from './components.js';
