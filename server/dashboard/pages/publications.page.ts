import { type Request, Router } from 'express';
import { AppError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { listChannels, type PublicChannel } from '../../modules/channels/channel.service.js';
import { publicationStatuses } from '../../modules/scheduling/publication.schemas.js';
import { listPublications, type Publication } from '../../modules/scheduling/publication.service.js';
import {
  cancelPublication,
  markPublicationPosted,
  retryPublication,
} from '../../modules/scheduling/publication-actions.service.js';
import { explanation } from '../components.js';
import { csrfField, errorText } from '../forms.js';
import { idParam, requireStaff } from '../guards.js';
import { formatDateTime, isMessageKey, type Locale, localeOf, t } from '../i18n/index.js';
import { explainProblem, explainPublication } from '../i18n/publication-reasons.js';
import { flash, listUrl, pageHead, pagination, selectField, sendPage, statusBadge } from '../layout.js';

const words = {
  fr: {
    title: 'Publications',
    needAction: 'À traiter',
    status: 'Statut',
    when: 'Date prévue',
    ad: 'Publicité',
    channel: 'Canal',
    why: 'Détail',
    actions: 'Actions',
    retry: 'Republier maintenant',
    cancel: 'Annuler',
    markPosted: 'Marquer comme publiée',
    empty: 'Aucune publication ici.',
    done: 'C’est fait.',
    filter: 'Filtrer',
    all: 'Toutes',
    view: 'voir',
    statuses: {
      publishing: 'En cours',
      held: 'Retenue',
      unconfirmed: 'À confirmer',
      missed: 'Manquée',
      cancelled: 'Annulée',
    },
  },
  en: {
    title: 'Publications',
    needAction: 'Needs action',
    status: 'Status',
    when: 'Scheduled for',
    ad: 'Ad',
    channel: 'Channel',
    why: 'Details',
    actions: 'Actions',
    retry: 'Publish now',
    cancel: 'Cancel',
    markPosted: 'Mark as posted',
    empty: 'No publication here.',
    done: 'Done.',
    filter: 'Filter',
    all: 'All',
    view: 'view',
    statuses: {
      publishing: 'Publishing',
      held: 'Held',
      unconfirmed: 'To confirm',
      missed: 'Missed',
      cancelled: 'Cancelled',
    },
  },
} as const;

const needingAction = ['failed', 'held', 'unconfirmed', 'missed'];

/** A status in the reader's language: this page's words, else the dashboard's. */
function statusLabel(locale: Locale, status: string): string {
  const key = `status.${status}`;
  return (
    (words[locale].statuses as Record<string, string>)[status] ??
    (isMessageKey(key) ? t(locale, key) : status)
  );
}

function label(locale: Locale, status: string): SafeHtml {
  const own = (words[locale].statuses as Record<string, string>)[status];
  return own
    ? html`<span class="badge${status === 'cancelled' ? '' : ' badge-bad'}">${own}</span>`
    : statusBadge(locale, status);
}

function details(locale: Locale, p: Publication): SafeHtml {
  const problems = p.preflight.problems.map((problem) => explanation(explainProblem(locale, problem)));
  return html`${explanation(explainPublication(locale, p))}${problems}${p.permalink ? html`<a href="${p.permalink}">${p.permalink.length > 50 ? `${p.permalink.slice(0, 50)}…` : p.permalink}</a>` : ''}`;
}

function actions(req: Request, locale: Locale, p: Publication): SafeHtml {
  const w = words[locale];
  const form = (action: string, text: string, tone = '') =>
    html`<form method="post" action="/publications/${p.id}/${action}" class="inline-form">${csrfField(req)}<button class="button${tone}" type="submit">${text}</button></form>`;
  return html`${['failed', 'missed', 'held', 'unconfirmed'].includes(p.status) ? form('retry', w.retry) : ''}
    ${['unconfirmed', 'failed', 'missed', 'held'].includes(p.status) ? form('mark-posted', w.markPosted) : ''}
    ${['scheduled', 'held', 'missed', 'failed', 'unconfirmed'].includes(p.status) ? form('cancel', w.cancel, ' danger') : ''}`;
}

function table(
  req: Request,
  locale: Locale,
  rows: Publication[],
  channels: Map<string, PublicChannel>,
): SafeHtml {
  const w = words[locale];
  if (rows.length === 0) return html`<p class="muted">${w.empty}</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">${w.when}</th><th scope="col">${w.ad}</th>
    <th scope="col">${w.channel}</th><th scope="col">${w.status}</th><th scope="col">${w.why}</th><th scope="col">${w.actions}</th></tr></thead>
    <tbody>${rows.map(
      (
        p,
      ) => html`<tr><td>${formatDateTime(locale, p.scheduledAt)}</td><td><a href="/ads/${p.adId}">${w.view}</a></td>
      <td>${channels.get(p.channelId)?.name ?? '—'} (${p.platform})</td><td>${label(locale, p.status)}</td>
      <td>${details(locale, p)}</td><td>${actions(req, locale, p)}</td></tr>`,
    )}</tbody></table></div>`;
}

/** /publications: staff see what needs action (failed, held, unconfirmed, missed) and act on it. */
export function publicationsPages(): Router {
  const router = Router();
  router.use('/publications', (req, _res, next) => {
    requireStaff(req);
    next();
  });
  router.get('/publications', async (req, res) => {
    const locale = localeOf(req);
    const w = words[locale];
    const asked = typeof req.query.status === 'string' ? req.query.status : 'action';
    const status =
      asked === 'action'
        ? needingAction.join(',')
        : (publicationStatuses as readonly string[]).includes(asked)
          ? asked
          : undefined;
    const page = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    const [list, channels] = await Promise.all([
      listPublications(req.user!, { ...(status ? { status } : {}), page, limit: 50, sort: '-scheduledAt' }),
      listChannels(),
    ]);
    const options = [
      { value: 'action', label: w.needAction },
      ...publicationStatuses.map((s) => ({
        value: s,
        label: statusLabel(locale, s),
      })),
    ];
    const body = html`${pageHead(w.title)}
      <form method="get" action="/publications" class="filters">
        ${selectField({ name: 'status', label: w.status, value: status ? asked : '', options, empty: w.all })}
        <button type="submit" class="button">${w.filter}</button>
      </form>
      ${table(req, locale, list.data, new Map(channels.map((c) => [c.id, c])))}
      ${pagination(locale, list, (n) => listUrl('/publications', { status: asked, page: n > 1 ? n : undefined }))}`;
    sendPage(req, res, { title: w.title, active: 'publications', body });
  });
  for (const [action, run] of [
    ['retry', retryPublication],
    ['cancel', cancelPublication],
    [
      'mark-posted',
      (user: Parameters<typeof retryPublication>[0], id: string) => markPublicationPosted(user, id, {}),
    ],
  ] as const) {
    router.post(`/publications/:id/${action}`, async (req, res) => {
      try {
        await run(req.user!, idParam(req, 'Publication'));
        flash(req, 'success', words[localeOf(req)].done);
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        flash(req, 'error', errorText(localeOf(req), err));
      }
      res.redirect(303, '/publications');
    });
  }
  return router;
}
