import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { observePublishLateness, recordPublishOutcome } from '../../lib/metrics.js';
import { type AdapterError, isAdapterError, RetryableError } from '../channels/adapters/adapter-errors.js';
import { claimTurn } from './claims.js';
import { type PublicationDoc, PublicationModel } from './publication.model.js';
import { findPublicationDoc } from './publication.service.js';
import {
  type Blocked,
  loadPublishContent,
  type PublishContent,
  type RenderFormat,
} from './publish-content.js';
import { armPublish, armVerify } from './publish-jobs.js';
import { pauseChannel, takePublishSlot } from './rate-limits.js';
import { refreshAdStatus } from './scheduling.service.js';
import { rearm, writeTransition } from './transitions.js';

/** What the worker does with the job after one run. */
export type PublishStep =
  | { kind: 'done'; outcome: string }
  /** Come back at `until` (ms since epoch): the job waits without using an attempt. */
  | { kind: 'wait'; until: number; why: string };

const done = (outcome: string): PublishStep => ({ kind: 'done', outcome });

/**
 * Publishes one turn (publication + fence) at most once, whatever the number of workers,
 * stalls, retries and duplicate jobs: the turn is claimed by an insert into a unique index
 * before the platform is called, and every outcome is written under that claim.
 * Throws only on Vitrine's infrastructure errors (before anything was sent), to be retried.
 */
export async function publishTurn(
  publicationId: string,
  fence: number,
  worker: string,
  render: RenderFormat,
): Promise<PublishStep> {
  const pub = await findPublicationDoc(publicationId);
  if (!pub || pub.fence !== fence) return done('stale');
  if (pub.status === 'publishing') return expireIfDead(pub, worker);
  if (pub.status !== 'scheduled') return done('stale');
  const now = Date.now();
  if (pub.scheduledAt.getTime() > now + 1000)
    return { kind: 'wait', until: pub.scheduledAt.getTime(), why: 'early' };
  // The grace is for the first attempt; retries are due later than scheduledAt by design.
  if (!pub.attempts && now > pub.scheduledAt.getTime() + config().PUBLISH_GRACE_MS)
    return leave(pub, worker, { status: 'missed', reason: missedReason(pub) });
  const content = await loadPublishContent(pub, render);
  if (!('image' in content)) return leave(pub, worker, content);
  const wait = await takePublishSlot(String(pub.channelId), pub.platform);
  if (wait > 0) {
    const until = Date.now() + wait;
    // A first attempt never waits silently past its grace: staff decide instead.
    if (!pub.attempts && until > pub.scheduledAt.getTime() + config().PUBLISH_GRACE_MS) {
      return leave(pub, worker, { status: 'missed', reason: throttledReason(until) });
    }
    return { kind: 'wait', until, why: 'rate limit' };
  }
  if (!(await claimTurn(publicationId, fence, 'publish', worker))) return done('claimed elsewhere');
  const started = new Date();
  const leased = await writeTransition(publicationId, fence, {
    status: 'publishing',
    leaseUntil: new Date(started.getTime() + config().PUBLISH_LEASE_MS),
    attempt: {
      fence,
      startedAt: started,
      caption: content.caption,
      link: content.link,
      revision: content.ad.revision,
    },
  });
  if (!leased) return done('stale');
  return send(leased, content, started);
}

/** An instant as staff read it: hub-local date and time with the zone. */
function hubTime(at: Date | number): string {
  return DateTime.fromMillis(Number(at), { zone: config().HUB_TIMEZONE }).toFormat('yyyy-MM-dd HH:mm ZZZZ');
}

/** Why a publication whose time passed while nothing ran is missed, and what staff can do. */
export function missedReason(pub: Pick<PublicationDoc, 'scheduledAt'>): string {
  return `Its time (${hubTime(pub.scheduledAt)}) passed more than ${Math.round(config().PUBLISH_GRACE_MS / 60_000)} min ago while nothing ran: retry to publish now, or cancel.`;
}

function throttledReason(until: number): string {
  return `The channel cannot post before ${hubTime(until)} (the platform's rate limit, or Vitrine's PUBLISH_CHANNEL_RATE / PUBLISH_PLATFORM_RATE), later than its time allows: reschedule it after that, or cancel.`;
}

/** Leaves `scheduled` without publishing (cancelled, held, failed, missed), under the publish turn. */
async function leave(
  pub: PublicationDoc,
  worker: string,
  blocked: Blocked | { status: 'missed'; reason: string },
): Promise<PublishStep> {
  const id = String(pub._id);
  if (!(await claimTurn(id, pub.fence, 'publish', worker))) return done('claimed elsewhere');
  await writeTransition(id, pub.fence, { status: blocked.status, statusReason: blocked.reason });
  recordPublishOutcome(blocked.status, pub.platform);
  await refreshAdStatus(String(pub.adId));
  logger.info({ publicationId: id, status: blocked.status, reason: blocked.reason }, 'publication not sent');
  return done(blocked.status);
}

/** Holds a scheduled publication whose ad lacks its approval at T-1 h (the pre-flight's call). */
export async function holdUnapproved(pub: PublicationDoc, reason: string): Promise<void> {
  await leave(pub, 'preflight', { status: 'held', reason });
}

/**
 * Renews the lease while the platform call runs, so that only a dead worker's publish is
 * presumed unknown: a live one's call could still create the post after a read-back found
 * nothing, and the publication would then go out twice. Returns the stop function.
 */
function keepLease(pub: PublicationDoc): () => Promise<void> {
  const lease = config().PUBLISH_LEASE_MS;
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = PublicationModel.updateOne(
        { _id: pub._id, fence: pub.fence, status: 'publishing' },
        { $set: { leaseUntil: new Date(Date.now() + lease) } },
      ).catch((err) => logger.warn({ err, publicationId: String(pub._id) }, 'publish lease not renewed'));
    },
    Math.max(200, Math.floor(lease / 3)),
  );
  timer.unref();
  return async () => {
    clearInterval(timer);
    await renewing;
  };
}

/**
 * The platform call and its outcome, written under the claim this worker holds. Only the
 * call's own failure is classified: once the post exists, a failure to record it must not
 * turn it into a failed or unconfirmed publication (it throws instead; the lease then
 * expires and the read-back finds the post).
 */
async function send(pub: PublicationDoc, content: PublishContent, started: Date): Promise<PublishStep> {
  const stopLease = keepLease(pub);
  let result: { postId: string; permalink: string };
  try {
    result = await content
      .publishImage({
        caption: content.caption,
        ...(content.link ? { link: content.link } : {}),
        image: content.image,
        mime: content.mime,
        ...(content.altText ? { altText: content.altText } : {}),
      })
      .finally(stopLease);
  } catch (err) {
    return failed(pub, err);
  }
  await recordPublished(pub, result, started, content.ad.revision);
  return done('published');
}

/** Writes the post; retried, since the post exists and must not be lost (else the lease expires and read-back finds it). */
export async function recordPublished(
  pub: PublicationDoc,
  result: { postId: string; permalink: string },
  publishedAt: Date,
  revision?: number,
): Promise<void> {
  const set = {
    status: 'published',
    platformPostId: result.postId,
    permalink: result.permalink,
    publishedAt,
    ...(revision ? { publishedRevision: revision } : {}),
  };
  for (let i = 0; ; i += 1) {
    try {
      await writeTransition(String(pub._id), pub.fence, set, ['leaseUntil', 'statusReason']);
      break;
    } catch (err) {
      if (i >= 4) throw err;
      await new Promise((r) => setTimeout(r, 500 * 2 ** i));
    }
  }
  recordPublishOutcome('published', pub.platform);
  observePublishLateness(Math.max(0, publishedAt.getTime() - pub.scheduledAt.getTime()), pub.platform);
  await refreshAdStatus(String(pub.adId));
  logger.info({ publicationId: String(pub._id), postId: result.postId }, 'publication published');
}

const errorOf = (err: AdapterError) => ({
  class: err.kind,
  code: err.code,
  message: err.reason.slice(0, 2000),
  at: new Date(),
});

/** Classifies a failed platform call: retry later, fail, hold, or verify by reading back. */
async function failed(pub: PublicationDoc, err: unknown): Promise<PublishStep> {
  const id = String(pub._id);
  const cause: AdapterError | undefined = isAdapterError(err) ? err : undefined;
  recordPublishOutcome(cause?.kind ?? 'unknown_outcome', pub.platform);
  if (!cause || cause.kind === 'unknown_outcome') {
    // Not proven unsent: never a blind retry. Read the page back first.
    const lastError = cause
      ? errorOf(cause)
      : {
          class: 'unknown_outcome',
          code: 'internal',
          message: 'Vitrine failed while publishing; checking the page.',
          at: new Date(),
        };
    if (!cause)
      logger.error({ err, publicationId: id }, 'publish failed with an unexpected error: outcome unknown');
    await writeTransition(id, pub.fence, { status: 'unconfirmed', lastError, verifyTries: 0 }, [
      'leaseUntil',
    ]);
    await armVerify(id, pub.fence, 1, config().VERIFY_DELAY_MS);
    return done('unconfirmed');
  }
  if (cause.kind === 'reconnect') {
    await writeTransition(
      id,
      pub.fence,
      { status: 'held', statusReason: cause.reason, lastError: errorOf(cause) },
      ['leaseUntil'],
    );
    return done('held');
  }
  const attempts = (pub.attempts ?? 0) + 1;
  if (cause.kind === 'permanent' || attempts >= config().PUBLISH_MAX_ATTEMPTS) {
    const reason =
      cause.kind === 'permanent' ? cause.reason : `Gave up after ${attempts} attempts: ${cause.reason}`;
    await writeTransition(
      id,
      pub.fence,
      { status: 'failed', statusReason: reason, lastError: errorOf(cause), attempts },
      ['leaseUntil'],
    );
    await refreshAdStatus(String(pub.adId));
    return done('failed');
  }
  const retryAfterMs = platformWait(cause, attempts);
  const wait = retryDelay(attempts, retryAfterMs);
  if (retryAfterMs) await pauseChannel(String(pub.channelId), retryAfterMs);
  const at = new Date(Date.now() + wait);
  const next = await rearm(pub, pub.scheduledAt, { attempts, lastError: errorOf(cause) });
  if (next) await armPublish(id, next.fence, at);
  return done('retry');
}

/** Consecutive refusals after which a quota-reset wait (LinkedIn's 00:00 UTC) is honoured. */
const PERSISTENT_AFTER = 3;

/** The wait the platform asked for, if any; a guessed quota reset only once the refusal persists. */
function platformWait(cause: AdapterError, attempts: number): number | undefined {
  if (!(cause instanceof RetryableError) || !cause.retryAfterMs) return undefined;
  if (cause.waitIfPersistent && attempts < PERSISTENT_AFTER) return undefined;
  return cause.retryAfterMs;
}

/** The platform's own wait when it gave one, else exponential backoff with jitter, capped at 1 h. */
function retryDelay(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs && retryAfterMs > 0) return retryAfterMs + Math.floor(Math.random() * 1000);
  const base = Math.min(3_600_000, config().PUBLISH_BACKOFF_MS * 2 ** (attempts - 1));
  return Math.floor(base * (0.5 + Math.random()));
}

/** A job found its turn still publishing: wait out the lease, then declare the outcome unknown. */
async function expireIfDead(pub: PublicationDoc, worker: string): Promise<PublishStep> {
  const until = pub.leaseUntil?.getTime() ?? 0;
  if (until > Date.now()) return { kind: 'wait', until: until + 1000, why: 'lease' };
  return expirePublishing(pub, worker);
}

/** A publish whose worker died (lease passed): unknown outcome, settled by reading the page back. */
export async function expirePublishing(pub: PublicationDoc, worker: string): Promise<PublishStep> {
  const id = String(pub._id);
  if (!(await claimTurn(id, pub.fence, 'expire', worker))) return done('claimed elsewhere');
  const lastError = {
    class: 'unknown_outcome',
    code: 'lease_expired',
    message: 'The worker stopped while publishing; checking the page.',
    at: new Date(),
  };
  await writeTransition(id, pub.fence, { status: 'unconfirmed', lastError, verifyTries: 0 }, ['leaseUntil']);
  recordPublishOutcome('unknown_outcome', pub.platform);
  await armVerify(id, pub.fence, 1, 0);
  return done('unconfirmed');
}
