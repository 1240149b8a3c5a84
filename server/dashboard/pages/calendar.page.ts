import { type Request, type Response, Router } from 'express';
import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { AppError } from '../../lib/errors.js';
import { html, raw, type SafeHtml } from '../../lib/html.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { listCampaigns } from '../../modules/campaigns/campaign.service.js';
import { listChannels } from '../../modules/channels/channel.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import {
  type CalendarFeed,
  calendarFeed,
  entryTitle,
  feedEvents,
} from '../../modules/scheduling/calendar.service.js';
import { publicationStatuses } from '../../modules/scheduling/publication.schemas.js';
import { getPublication, type Publication } from '../../modules/scheduling/publication.service.js';
import { idParam, requireStaff } from '../guards.js';
import { formatDateTime, type Locale, localeOf, type MessageKey, t } from '../i18n/index.js';
import { flash, pageHead, selectField, sendPage } from '../layout.js';
import {
  type CalendarAction,
  calendarPanel,
  type PanelNotice,
  problemKey,
  runAction,
} from './calendar-panel.js';

const filterNames = ['channelId', 'campaignId', 'enterpriseId'] as const;
type Filters = Partial<Record<(typeof filterNames)[number], string>>;

/** The filters of the query string that look like ids (anything else is ignored). */
function filtersOf(req: Request): Filters {
  const filters: Filters = {};
  for (const name of filterNames) {
    const value = req.query[name];
    if (typeof value === 'string' && /^[a-f0-9]{24}$/.test(value)) filters[name] = value;
  }
  return filters;
}

async function filterForm(req: Request, locale: Locale, filters: Filters): Promise<SafeHtml> {
  const user = req.user!;
  const staff = isStaff(user);
  const [channels, campaigns, enterprises] = await Promise.all([
    staff ? listChannels() : [],
    listCampaigns(user, { limit: 100 }),
    staff ? listEnterprises(user, { limit: 100 }) : undefined,
  ]);
  const all = t(locale, 'calendar.all');
  const select = (name: keyof Filters, label: MessageKey, options: { value: string; label: string }[]) =>
    selectField({ name, label: t(locale, label), value: filters[name] ?? '', options, empty: all });
  return html`<form method="get" action="/calendar" class="filters calendar-filters" aria-label="${t(locale, 'calendar.filters')}">
    ${
      staff
        ? select(
            'channelId',
            'calendar.channel',
            channels.map((c) => ({
              value: c.id,
              label: `${c.name} (${c.platform === 'facebook' ? 'Facebook' : 'LinkedIn'})`,
            })),
          )
        : ''
    }
    ${select(
      'campaignId',
      'calendar.campaign',
      campaigns.data.map((c) => ({ value: c.id, label: c.name })),
    )}
    ${
      enterprises
        ? select(
            'enterpriseId',
            'calendar.enterprise',
            enterprises.data.map((e) => ({ value: e.id, label: e.name })),
          )
        : ''
    }
    <button type="submit" class="button">${t(locale, 'calendar.apply')}</button>
  </form>`;
}

function legend(locale: Locale): SafeHtml {
  return html`<ul class="calendar-legend" aria-label="${t(locale, 'calendar.legend')}">${publicationStatuses.map(
    (s) =>
      html`<li><span class="calendar-status status-${s}">${t(locale, `calendar.status.${s}` as MessageKey)}</span></li>`,
  )}</ul>`;
}

/** Without JavaScript, and until the calendar loads: this month as a plain agenda list. */
function agendaList(locale: Locale, feed: CalendarFeed): SafeHtml {
  const events = feedEvents(feed);
  if (events.length === 0) return html`<p class="muted">${t(locale, 'calendar.empty')}</p>`;
  return html`<h2>${t(locale, 'calendar.fallbackTitle')}</h2><ol class="calendar-agenda">${events.map(
    (
      e,
    ) => html`<li><a href="/calendar/publications/${e.id}">${formatDateTime(locale, e.start)} · ${entryTitle(feed.names, e)}</a>
      <span class="calendar-status status-${e.status}">${t(locale, `calendar.status.${e.status}` as MessageKey)}</span></li>`,
  )}</ol>`;
}

/** What calendar.js needs: feed, language, zone, permissions and the messages it may show. */
function clientConfig(req: Request, locale: Locale, filters: Filters): string {
  const messages: Record<string, string> = {};
  for (const key of [
    'stale',
    'notMovable',
    'busy',
    'past',
    'tooSoon',
    'tooFar',
    'dstGap',
    'outside',
    'taken',
    'invalidTime',
    'failed',
    'loadFailed',
    'moved',
    'details',
  ])
    messages[key] = t(locale, `calendar.${key}` as MessageKey);
  for (const s of publicationStatuses)
    messages[`status.${s}`] = t(locale, `calendar.status.${s}` as MessageKey);
  // `<` escaped: this JSON sits inside a <script> element.
  return JSON.stringify({
    locale,
    timeZone: config().HUB_TIMEZONE,
    staff: isStaff(req.user!),
    filters,
    messages,
  }).replaceAll('<', '\\u003c');
}

async function page(req: Request, res: Response): Promise<void> {
  const locale = localeOf(req);
  const filters = filtersOf(req);
  const now = DateTime.now().setZone(config().HUB_TIMEZONE);
  const month = { from: now.startOf('month').toISODate()!, to: now.endOf('month').toISODate()! };
  const [form, feed] = await Promise.all([
    filterForm(req, locale, filters),
    calendarFeed(req.user!, { ...month, ...filters }),
  ]);
  const hint = isStaff(req.user!)
    ? t(locale, 'calendar.hint', { zone: config().HUB_TIMEZONE })
    : t(locale, 'calendar.readOnly');
  const scripts = ['core', ...(locale === 'fr' ? ['fr'] : []), 'daygrid', 'timegrid', 'list', 'interaction'];
  const body = html`<link rel="stylesheet" href="/static/calendar.css">
    ${pageHead(t(locale, 'calendar.title'))}
    <p class="muted">${hint}</p>
    ${form}
    ${legend(locale)}
    <div id="calendar-message" class="calendar-message" role="status" aria-live="polite"></div>
    <div class="calendar-layout">
      <div id="calendar" class="calendar" aria-busy="false">${agendaList(locale, feed)}</div>
      <aside id="calendar-panel" class="calendar-panel" tabindex="-1" aria-labelledby="calendar-panel-title" hidden></aside>
    </div>
    <script type="application/json" id="calendar-config">${raw(clientConfig(req, locale, filters))}</script>
    ${scripts.map((s) => html`<script src="/static/fullcalendar/${s}.js" defer></script>`)}
    <script src="/static/calendar.js" defer></script>`;
  sendPage(req, res, { title: t(locale, 'calendar.title'), active: 'calendar', body });
}

/** The panel alone for htmx (and calendar.js), or laid out as a page without JavaScript. */
async function sendPanel(req: Request, res: Response, p: Publication, notice?: PanelNotice): Promise<void> {
  const panel = await calendarPanel(req, p, notice);
  if (req.get('HX-Request') === 'true') {
    res.type('html').send(String(panel));
    return;
  }
  const locale = localeOf(req);
  const body = html`<link rel="stylesheet" href="/static/calendar.css"><link rel="stylesheet" href="/static/ad-editor.css">
    <p><a href="/calendar">← ${t(locale, 'calendar.title')}</a></p><div class="calendar-panel calendar-panel-page">${panel}</div>`;
  sendPage(req, res, { title: t(locale, 'calendar.details'), active: 'calendar', body });
}

/** /calendar: month and week views (staff move and act; a member reads its own publications). */
export function calendarPages(): Router {
  const router = Router();
  router.get('/calendar', page);
  router.get('/calendar/publications/:id', async (req, res) => {
    await sendPanel(req, res, await getPublication(req.user!, idParam(req, 'Publication')));
  });
  for (const action of Object.keys(runAction) as CalendarAction[]) {
    router.post(`/calendar/publications/:id/${action}`, async (req, res) => {
      requireStaff(req);
      const id = idParam(req, 'Publication');
      const locale = localeOf(req);
      let notice: PanelNotice;
      try {
        const after = await runAction[action](req, id);
        const text =
          action === 'reschedule'
            ? t(locale, 'calendar.moved', { when: formatDateTime(locale, after.scheduledAt) })
            : t(locale, 'calendar.done');
        notice = { kind: 'success', text };
        res.set('HX-Trigger', 'calendar-changed');
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
        notice = { kind: 'error', text: t(locale, problemKey(err)) };
      }
      if (req.get('HX-Request') !== 'true') {
        flash(req, notice.kind, notice.text);
        res.redirect(303, `/calendar/publications/${id}`);
        return;
      }
      await sendPanel(req, res, await getPublication(req.user!, id), notice);
    });
  }
  return router;
}
