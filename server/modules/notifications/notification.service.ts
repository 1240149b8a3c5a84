import { createHash } from 'node:crypto';
import { config } from '../../config/index.js';
import { ForbiddenError, isDuplicateKeyError, NotFoundError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import type { MailAttachment } from '../../lib/mailer.js';
import { parseInput } from '../../lib/validate.js';
import { getEnterprise } from '../enterprises/enterprise.service.js';
import type { Locale } from '../users/user.model.js';
import { activeUsers, type PublicUser, systemUser } from '../users/user.service.js';
import { type NotificationKind, notificationKinds, textOf } from './notification.kinds.js';
import {
  NotificationDeliveryModel,
  NotificationModel,
  NotificationPreferenceModel,
} from './notification.model.js';
import { type PreferencesInput, preferencesSchema } from './notification.schemas.js';
import { type Email, emailFor, sendInBackground } from './notification-mail.js';

export type { NotificationKind } from './notification.kinds.js';

/** Something a user must know or act on, raised once per `key`. */
export interface NotificationEvent {
  kind: NotificationKind;
  /** Names the event: the same key never notifies the same person twice ("publication:<id>:<fence>:failed"). */
  key: string;
  /** Fills the kind's texts: ad, enterprise, channel, when, reason, comment, revision. */
  params: Record<string, string>;
  /** Dashboard path the notification opens ("/ads/<id>"). */
  link: string;
  /** Staff (admins and strategists), and/or the member users and contact of one enterprise. */
  to: { staff?: boolean; enterpriseId?: string };
  /** A personal URL per email address (a signed approval link) instead of the dashboard link. */
  emailLink?: (address: string) => string;
  /** Files to attach to each email, in the recipient's language (made when the email leaves). */
  attachments?: (locale: Locale) => Promise<MailAttachment[]>;
}

const idOf = (...parts: string[]) => createHash('sha256').update(parts.join('|')).digest('hex');

/** Claims one key by inserting its _id: false when it was already there (a repeat of the event). */
async function firstTime(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

async function wantsEmail(userId: string, kind: NotificationKind): Promise<boolean> {
  const prefs = await NotificationPreferenceModel.findById(userId).lean<{ email: string[] }>();
  return !prefs || prefs.email.includes(kind);
}

async function recipientsOf(event: NotificationEvent) {
  const users: PublicUser[] = [];
  if (event.to.staff) users.push(...(await activeUsers({ roles: ['admin', 'strategist'] })));
  let contact: string | undefined;
  if (event.to.enterpriseId) {
    users.push(...(await activeUsers({ enterpriseId: event.to.enterpriseId, roles: ['member'] })));
    const enterprise = await getEnterprise(systemUser, event.to.enterpriseId).catch(() => undefined);
    contact = enterprise?.contactEmail ?? undefined;
  }
  return { users, contact };
}

/**
 * Raises an event: one dashboard notification per recipient user, and one email per address
 * (preferences permitting; an enterprise's contact always receives approval requests). A
 * repeated key adds nothing. Email leaves in the background: a slow or failing SMTP server
 * never delays the caller. Returns how many notifications and emails were new.
 */
export async function notify(event: NotificationEvent): Promise<{ notified: number; emailed: number }> {
  const { users, contact } = await recipientsOf(event);
  const emails: (Email & { locale: Locale })[] = [];
  let notified = 0;
  const mailFor = (address: string, locale: Locale) => ({
    ...emailFor(locale, event.kind, event.params, address, event.emailLink?.(address) ?? link(event.link)),
    locale,
  });
  for (const user of users) {
    const inserted = await firstTime(() =>
      NotificationModel.create({
        _id: idOf(event.key, user.id),
        userId: user.id,
        kind: event.kind,
        params: event.params,
        link: event.link,
      }),
    );
    if (!inserted) continue;
    notified += 1;
    if (await wantsEmail(user.id, event.kind)) emails.push(mailFor(user.email, user.locale));
  }
  if (contact && !users.some((u) => u.email === contact)) emails.push(mailFor(contact, 'fr'));
  let emailed = 0;
  for (const { locale, ...email } of emails) {
    const once = () => NotificationDeliveryModel.create({ _id: idOf(event.key, email.to), at: new Date() });
    if (!(await firstTime(once))) continue;
    emailed += 1;
    const attach = event.attachments;
    sendInBackground(email, event.kind, attach && (() => attach(locale)));
  }
  return { notified, emailed };
}

const link = (path: string) => new URL(path, config().publicUrl).toString();

/** notify() for the publish path: never awaited, never throws; a failure is logged. */
export function notifyInBackground(event: NotificationEvent): void {
  notify(event).catch((err: Error) =>
    logger.error({ kind: event.kind, error: err.message }, 'notification not recorded'),
  );
}

/** A notification as it leaves this module, its text in the reader's language. */
export interface Notification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  read: boolean;
  createdAt: Date;
}

interface StoredNotification {
  _id: string;
  kind: NotificationKind;
  params?: Record<string, string>;
  link: string;
  readAt?: Date;
  createdAt: Date;
}

const toNotification = (locale: Locale, doc: StoredNotification): Notification => ({
  id: doc._id,
  kind: doc.kind,
  ...textOf(locale, doc.kind, doc.params ?? {}),
  link: doc.link,
  read: Boolean(doc.readAt),
  createdAt: doc.createdAt,
});

/** The user's own notifications, newest first: `limit` (1–100) of them, and the unread count. */
export async function listNotifications(
  user: PublicUser,
  limit = 50,
): Promise<{ data: Notification[]; unread: number }> {
  const docs = await NotificationModel.find({ userId: user.id })
    .sort({ createdAt: -1 })
    .limit(Math.min(Math.max(limit, 1), 100))
    .lean<StoredNotification[]>();
  return { data: docs.map((d) => toNotification(user.locale, d)), unread: await countUnread(user) };
}

/** How many of the user's notifications are unread (the bell's number). */
export function countUnread(user: PublicUser): Promise<number> {
  if (!/^[a-f0-9]{24}$/.test(user.id)) return Promise.resolve(0);
  return NotificationModel.countDocuments({ userId: user.id, readAt: { $exists: false } });
}

/** Marks one of the user's notifications read; anyone else's answers 404. */
export async function markRead(user: PublicUser, id: string): Promise<void> {
  const result = await NotificationModel.updateOne(
    { _id: id, userId: user.id },
    { $set: { readAt: new Date() } },
  );
  if (result.matchedCount === 0) throw new NotFoundError('Notification');
}

/** Marks every notification of the user read; returns how many were unread. */
export async function markAllRead(user: PublicUser): Promise<number> {
  const result = await NotificationModel.updateMany(
    { userId: user.id, readAt: { $exists: false } },
    { $set: { readAt: new Date() } },
  );
  return result.modifiedCount;
}

/** Per kind, whether the user receives it by email too (default: every kind). */
export async function getPreferences(user: PublicUser): Promise<Record<NotificationKind, boolean>> {
  const prefs = await NotificationPreferenceModel.findById(user.id).lean<{ email: string[] }>();
  return Object.fromEntries(notificationKinds.map((k) => [k, !prefs || prefs.email.includes(k)])) as Record<
    NotificationKind,
    boolean
  >;
}

/** Replaces the kinds the user receives by email; kinds left out keep their setting. */
export async function setPreferences(
  user: PublicUser,
  input: PreferencesInput,
): Promise<Record<NotificationKind, boolean>> {
  const { email } = parseInput(preferencesSchema, input, 'Preferences');
  if (!/^[a-f0-9]{24}$/.test(user.id)) throw new ForbiddenError();
  const next = { ...(await getPreferences(user)), ...email };
  const kinds = notificationKinds.filter((k) => next[k]);
  await NotificationPreferenceModel.updateOne({ _id: user.id }, { $set: { email: kinds } }, { upsert: true });
  return next;
}
