import { type Request, Router } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { notificationKinds } from '../../modules/notifications/notification.kinds.js';
import { notificationId } from '../../modules/notifications/notification.schemas.js';
import {
  getPreferences,
  listNotifications,
  markAllRead,
  markRead,
  type Notification,
  setPreferences,
} from '../../modules/notifications/notification.service.js';
import { listOutbox } from '../../modules/notifications/notification-mail.js';
import { formatDateTime, formatNumber, type Locale, localeOf, type MessageKey, t } from '../i18n/index.js';
import { checkboxField, csrfField, flash, pageHead, sendPage, statusBadge } from '../layout.js';

function item(req: Request, locale: Locale, n: Notification): SafeHtml {
  const markForm = n.read
    ? ''
    : html`<form method="post" action="/notifications/${n.id}/read" class="inline-form">${csrfField(req)}
        <button type="submit" class="link-button">${t(locale, 'notifications.markRead')}</button></form>`;
  return html`<li class="${n.read ? '' : 'unread'}">
    <strong>${n.title}</strong> ${n.read ? '' : html`<span class="badge">${t(locale, 'notifications.unread')}</span>`}
    <p>${n.body}</p>
    <p class="muted"><time datetime="${n.createdAt.toISOString()}">${formatDateTime(locale, n.createdAt)}</time> ·
      <a href="${n.link}">${t(locale, 'notifications.open')}</a> ${markForm}</p></li>`;
}

async function preferencesForm(req: Request, locale: Locale): Promise<SafeHtml> {
  const prefs = await getPreferences(req.user!);
  return html`<section class="card"><h2>${t(locale, 'notifications.preferences')}</h2>
    <p class="hint">${t(locale, 'notifications.preferencesHint')}</p>
    <form method="post" action="/notifications/preferences">${csrfField(req)}
      ${notificationKinds.map((kind) =>
        checkboxField({
          name: kind,
          label: t(locale, `notifications.kind.${kind}` as MessageKey),
          checked: prefs[kind],
        }),
      )}
      <button type="submit" class="button primary">${t(locale, 'notifications.save')}</button></form></section>`;
}

/** /notifications (every signed-in user, their own only) and /outbox (admins). */
export function notificationsPages(): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const locale = localeOf(req);
    const { data, unread } = await listNotifications(req.user!);
    const outbox =
      req.user!.role === 'admin' ? html`<a class="button" href="/outbox">${t(locale, 'nav.outbox')}</a>` : '';
    const markAll =
      unread > 0
        ? html`<form method="post" action="/notifications/read-all" class="inline-form">${csrfField(req)}
            <button type="submit" class="button">${t(locale, 'notifications.markAllRead')}</button></form>`
        : '';
    const list = html`<ul class="notification-list">${data.map((n) => item(req, locale, n))}</ul>`;
    const body = html`${pageHead(t(locale, 'notifications.title'), html`${outbox} ${markAll}`)}
      <section class="card">${data.length === 0 ? html`<p class="muted">${t(locale, 'notifications.empty')}</p>` : list}</section>
      ${await preferencesForm(req, locale)}`;
    sendPage(req, res, { title: t(locale, 'notifications.title'), body });
  });

  router.post('/notifications/read-all', async (req, res) => {
    await markAllRead(req.user!);
    res.redirect(303, '/notifications');
  });

  router.post('/notifications/preferences', async (req, res) => {
    const email = Object.fromEntries(notificationKinds.map((k) => [k, req.body?.[k] === 'true']));
    await setPreferences(req.user!, { email });
    flash(req, 'success', t(localeOf(req), 'notifications.saved'));
    res.redirect(303, '/notifications');
  });

  router.post('/notifications/:id/read', async (req, res) => {
    const id = notificationId.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError('Notification');
    await markRead(req.user!, id.data);
    res.redirect(303, '/notifications');
  });

  router.get('/outbox', async (req, res) => {
    const locale = localeOf(req);
    const messages = await listOutbox(req.user!);
    const list =
      messages.length === 0
        ? html`<p class="muted">${t(locale, 'outbox.empty')}</p>`
        : html`<ul class="notification-list">${messages.map(
            (
              m,
            ) => html`<li><strong>${m.subject}</strong> ${statusBadge(locale, m.status === 'failed' ? 'failed' : undefined)}
              <p class="muted">${t(locale, 'outbox.to')} ${m.to} · ${formatDateTime(locale, m.createdAt)} · ${t(locale, `outbox.status.${m.status}`)}</p>
              <p class="outbox-text">${m.text}</p>${
                m.attachments.length > 0
                  ? html`<p class="outbox-attachments">${t(locale, 'outbox.attachments')} ${m.attachments.map(
                      (a, i) =>
                        html`${i > 0 ? ', ' : ''}<span class="outbox-file">${a.filename} (${t(locale, 'outbox.kb', { size: formatNumber(locale, Math.max(1, Math.round(a.size / 1024))) })})</span>`,
                    )}</p>`
                  : ''
              }</li>`,
          )}</ul>`;
    const body = html`${pageHead(t(locale, 'outbox.title'))}<p class="hint">${t(locale, 'outbox.hint')}</p>
      <section class="card">${list}</section>`;
    sendPage(req, res, { title: t(locale, 'outbox.title'), body });
  });
  return router;
}
