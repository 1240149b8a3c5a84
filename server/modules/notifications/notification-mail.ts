import { config } from '../../config/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { escapeHtml } from '../../lib/html.js';
import { logger } from '../../lib/logger.js';
import { canSendMail, type MailAttachment, type MailMessage, sendMail } from '../../lib/mailer.js';
import type { Locale } from '../users/user.model.js';
import type { PublicUser } from '../users/user.service.js';
import { mailChrome, type NotificationKind, textOf } from './notification.kinds.js';
import { type OutboxDoc, OutboxModel } from './notification.model.js';

export type Email = MailMessage;

/** One notification email in the recipient's language: the event's text, its link, the preferences page. */
export function emailFor(
  locale: Locale,
  kind: NotificationKind,
  params: Record<string, string>,
  to: string,
  url: string,
): Email {
  const { title, body } = textOf(locale, kind, params);
  const chrome = mailChrome[locale];
  const preferences = new URL('/notifications', config().publicUrl).toString();
  return {
    to,
    subject: `[${config().HUB_NAME}] ${title}`,
    text: `${body}\n\n${chrome.open} ${url}\n\n${chrome.preferences} ${preferences}\n`,
    html: `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(chrome.open)} ${escapeHtml(title)}</a></p><p style="color:#666">${escapeHtml(chrome.preferences)} <a href="${escapeHtml(preferences)}">${escapeHtml(preferences)}</a></p>`,
  };
}

/** Makes a message's attachments when it is sent (a report's PDF in the recipient's language). */
export type Attach = () => Promise<MailAttachment[]>;

/** An attachment as the outbox records it: its name, size in bytes and MIME type. */
export interface OutboxAttachment {
  filename: string;
  size: number;
  contentType: string;
}

const describe = (files: MailAttachment[]): OutboxAttachment[] =>
  files.map((f) => ({ filename: f.filename, size: f.content.length, contentType: f.contentType }));

/**
 * Without SMTP_URL the message is kept in the outbox with its attachments' names and sizes
 * (made as they would be sent, so the outbox shows what the recipient would get); with it,
 * it is sent, and a failure is kept as `failed`.
 */
async function deliver(email: Email, kind: NotificationKind, attach?: Attach): Promise<void> {
  if (!canSendMail()) {
    let attachments: OutboxAttachment[] | undefined;
    try {
      attachments = attach ? describe(await attach()) : undefined;
    } catch (err) {
      logger.error({ kind, error: (err as Error).message }, 'outbox attachment not made');
    }
    await OutboxModel.create({
      to: email.to,
      subject: email.subject,
      text: email.text,
      kind,
      status: 'kept',
      attachments,
    });
    return;
  }
  try {
    await sendMail(attach ? { ...email, attachments: await attach() } : email);
  } catch (err) {
    // The SMTP error's code only: its message may quote the server's reply, never the URL's password.
    const code = (err as { code?: string }).code ?? 'error';
    logger.error({ kind, code }, 'notification email not sent');
    await OutboxModel.create({
      to: email.to,
      subject: email.subject,
      text: email.text,
      kind,
      status: 'failed',
      error: code,
    });
  }
}

/** Sends (or keeps for the outbox) without making the caller wait; failures are logged, not thrown. */
export function sendInBackground(email: Email, kind: NotificationKind, attach?: Attach): void {
  deliver(email, kind, attach).catch((err: Error) =>
    logger.error({ kind, error: err.message }, 'notification email neither sent nor kept'),
  );
}

/** A message that did not leave, as the outbox page shows it. */
export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: 'kept' | 'failed';
  error: string | null;
  /** The attachments' names, sizes (bytes) and types; empty when there were none. */
  attachments: OutboxAttachment[];
  createdAt: Date;
}

/** The latest 100 messages kept without SMTP_URL or failed; admins only (they may carry approval links). */
export async function listOutbox(user: PublicUser): Promise<OutboxMessage[]> {
  if (user.role !== 'admin') throw new NotFoundError();
  const docs = await OutboxModel.find().sort({ createdAt: -1 }).limit(100).lean<OutboxDoc[]>();
  return docs.map((d) => ({
    id: String(d._id),
    to: d.to,
    subject: d.subject,
    text: d.text,
    status: d.status as 'kept' | 'failed',
    error: d.error ?? null,
    attachments: (d.attachments ?? []).map((a) => ({
      filename: a.filename,
      size: a.size,
      contentType: a.contentType ?? '',
    })),
    createdAt: d.createdAt,
  }));
}
