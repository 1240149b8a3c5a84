import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { getAd } from '../ads/ad.service.js';
import { adLabel } from '../ads/ad-label.js';
import { getChannel } from '../channels/channel.service.js';
import { type NotificationKind, notify } from '../notifications/notification.service.js';
import { systemUser } from '../users/user.service.js';
import type { PublicationDoc } from './publication.model.js';

const kindOf: Partial<Record<string, NotificationKind>> = {
  failed: 'publication_failed',
  held: 'publication_held',
  unconfirmed: 'publication_unconfirmed',
  missed: 'publication_missed',
};

type Pub = Pick<PublicationDoc, '_id' | 'adId' | 'channelId' | 'scheduledAt' | 'fence'>;

async function paramsOf(pub: Pub, reason: string): Promise<Record<string, string>> {
  const [ad, channel] = await Promise.all([
    getAd(systemUser, String(pub.adId)).catch(() => undefined),
    getChannel(String(pub.channelId)).catch(() => undefined),
  ]);
  return {
    ad: ad ? adLabel(ad) : '—',
    channel: channel?.name ?? '—',
    when: DateTime.fromJSDate(pub.scheduledAt, { zone: config().HUB_TIMEZONE }).toFormat('yyyy-MM-dd HH:mm'),
    reason,
  };
}

function attempt(work: () => Promise<unknown>, what: string): Promise<void> {
  return work().then(
    () => undefined,
    (err: Error) => logger.error({ error: err.message }, `${what} not notified`),
  );
}

function inBackground(work: () => Promise<unknown>, what: string): void {
  void attempt(work, what);
}

/**
 * Tells staff that a publication became failed, held, unconfirmed or missed: once per
 * publication, turn (fence) and status. Runs in the background: the publish path never waits.
 */
export function announceTransition(doc: PublicationDoc): void {
  const kind = kindOf[doc.status];
  if (!kind) return;
  inBackground(async () => {
    await notify({
      kind,
      key: `publication:${String(doc._id)}:${doc.fence}:${doc.status}`,
      params: await paramsOf(doc, doc.statusReason ?? ''),
      link: `/publications?status=${doc.status}`,
      to: { staff: true },
    });
  }, 'publication status');
}

/**
 * Tells staff what a pre-flight check found: once per publication, turn and set of problems.
 * Awaited (the pre-flight is not the publish path); a failure is logged, never thrown.
 */
export async function announceProblems(
  pub: Pub,
  problems: { code: string; message: string }[],
): Promise<void> {
  const codes = problems
    .map((p) => p.code)
    .sort()
    .join(',');
  await attempt(async () => {
    await notify({
      kind: 'preflight_problem',
      key: `preflight:${String(pub._id)}:${pub.fence}:${codes}`,
      params: await paramsOf(pub, problems.map((p) => p.message).join(' ')),
      link: '/publications',
      to: { staff: true },
    });
  }, 'pre-flight problem');
}
