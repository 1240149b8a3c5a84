import { config } from '../../config/index.js';
import { ConflictError, isDuplicateKeyError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff } from '../access/access.policy.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import { type PublicUser, systemUser } from '../users/user.service.js';
import { claimTurn } from './claims.js';
import { resolveHubTime } from './local-time.js';
import { type PublicationDoc, PublicationModel, type PublicationStatus } from './publication.model.js';
import {
  type MarkPostedInput,
  markPostedSchema,
  type RescheduleInput,
  rescheduleSchema,
} from './publication.schemas.js';
import { findPublicationDoc, type Publication, toPublication } from './publication.service.js';
import { armPublish, disarmPublish } from './publish-jobs.js';
import { timeProblems } from './schedule-checks.js';
import { refreshAdStatus } from './scheduling.service.js';
import { rearm, turnLeaving, writeTransition } from './transitions.js';

const who = (user: PublicUser) => `${user.name} (${user.role})`;

/** The publication for a staff action, in one of the statuses the action accepts (409 otherwise). */
async function forAction(user: PublicUser, id: string, allowed: PublicationStatus[], action: string) {
  if (!isStaff(user)) throw new NotFoundError('Publication');
  const doc = await findPublicationDoc(id);
  if (!doc) throw new NotFoundError('Publication');
  if (!allowed.includes(doc.status)) {
    throw new ConflictError(`A ${doc.status} publication cannot be ${action}.`, [
      { field: 'status', message: `is ${doc.status}; ${action} needs ${allowed.join(' or ')}` },
    ]);
  }
  return doc;
}

/** Takes the turn that leaves the current status, or 409 when a worker or another person has it. */
async function takeTurn(doc: PublicationDoc, by: string): Promise<void> {
  if (!(await claimTurn(String(doc._id), doc.fence, turnLeaving(doc.status), by))) {
    throw new ConflictError(
      'This publication is being published or changed right now; reload and try again.',
      [{ field: 'status', message: 'changed meanwhile' }],
    );
  }
}

async function done(doc: PublicationDoc | undefined): Promise<Publication> {
  if (!doc) throw new ConflictError('This publication changed meanwhile; reload and try again.');
  await refreshAdStatus(String(doc.adId));
  return toPublication(doc);
}

/**
 * Moves a publication to another time (DST-checked like scheduling). `fence`, when given, must
 * be the one the client saw: a move based on stale data is refused.
 * @throws ConflictError (published, publishing, cancelled, unconfirmed; stale fence; slot taken),
 *   ValidationError naming at/offset.
 */
export async function reschedulePublication(
  user: PublicUser,
  id: string,
  input: RescheduleInput,
): Promise<Publication> {
  const data = parseInput(rescheduleSchema, input, 'Reschedule');
  const doc = await forAction(user, id, ['scheduled', 'held', 'missed', 'failed'], 'rescheduled');
  if (data.fence !== undefined && data.fence !== doc.fence) {
    throw new ConflictError('This publication changed since you loaded it; reload and try again.', [
      { field: 'fence', message: `is ${doc.fence} now` },
    ]);
  }
  const time = resolveHubTime({ at: data.at, offset: data.offset }, config().HUB_TIMEZONE);
  const campaign = await getCampaign(systemUser, String(doc.campaignId));
  const problems = timeProblems(time.instant, campaign, data.confirmOutsideCampaign);
  if (problems.length > 0)
    throw new ValidationError(`Cannot reschedule: at ${problems[0]!.message}.`, problems);
  const clash = await PublicationModel.exists({
    adId: doc.adId,
    channelId: doc.channelId,
    scheduledAt: time.instant,
    _id: { $ne: doc._id },
  });
  if (clash)
    throw new ConflictError('This ad is already scheduled on that channel at that time.', [
      { field: 'at', message: 'taken' },
    ]);
  await takeTurn(doc, `reschedule by ${who(user)}`);
  let after: PublicationDoc | undefined;
  try {
    after = await rearm(doc, time.instant, { attempts: 0 });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    // The turn is taken: keep the publication alive at its old time under the next fence.
    after = await rearm(doc, doc.scheduledAt);
    if (after) await armPublish(String(after._id), after.fence, after.scheduledAt);
    throw new ConflictError('This ad was just scheduled on that channel at that time.', [
      { field: 'at', message: 'taken' },
    ]);
  }
  await disarmPublish(id, doc.fence);
  if (after) await armPublish(id, after.fence, after.scheduledAt);
  return done(after);
}

/** Cancels a publication that has not gone out; its job is removed and it never publishes. */
export async function cancelPublication(user: PublicUser, id: string): Promise<Publication> {
  const doc = await forAction(
    user,
    id,
    ['scheduled', 'held', 'missed', 'failed', 'unconfirmed'],
    'cancelled',
  );
  await takeTurn(doc, `cancel by ${who(user)}`);
  return done(await writeCancelled(doc, `Cancelled by ${who(user)}.`));
}

/** Writes `cancelled` with `reason` under the turn the caller holds, and drops its publish job. */
async function writeCancelled(doc: PublicationDoc, reason: string): Promise<PublicationDoc | undefined> {
  const id = String(doc._id);
  const after = await writeTransition(id, doc.fence, { status: 'cancelled', statusReason: reason }, [
    'leaseUntil',
  ]);
  await disarmPublish(id, doc.fence);
  return after;
}

/** Statuses that a removed channel or an archived ad leaves nothing to do for. */
const cancelledOnRemoval: PublicationStatus[] = ['scheduled', 'held', 'missed', 'failed'];

/**
 * Cancels at once, with `reason`, every publication of a channel being removed or an ad being
 * archived that has not gone out and is not going out now (scheduled, held, missed or
 * failed), each under its turn's claim like a staff cancel; one whose turn a worker holds is
 * left to it (the worker then cancels it, finding the channel or ad gone). A publishing or
 * unconfirmed one is left to settle: its post may exist. Returns how many were cancelled.
 */
export async function cancelOnRemoval(
  of: { channelId: string } | { adId: string },
  reason: string,
): Promise<number> {
  const docs = (await PublicationModel.find(of).lean<PublicationDoc[]>()).filter((d) =>
    cancelledOnRemoval.includes(d.status),
  );
  let cancelled = 0;
  for (const doc of docs) {
    const id = String(doc._id);
    if (!(await claimTurn(id, doc.fence, turnLeaving(doc.status), 'removal'))) continue;
    if (await writeCancelled(doc, reason)) {
      cancelled += 1;
      await refreshAdStatus(String(doc.adId));
    }
  }
  return cancelled;
}

/**
 * Publishes again now: after a failure, a miss, a hold, or an unknown outcome that staff
 * checked on the page (the post is not there).
 */
export async function retryPublication(user: PublicUser, id: string): Promise<Publication> {
  const doc = await forAction(user, id, ['failed', 'missed', 'held', 'unconfirmed'], 'retried');
  await takeTurn(doc, `retry by ${who(user)}`);
  const now = new Date();
  const after = await rearm(doc, now, { attempts: 0, statusReason: `Retried by ${who(user)}.` });
  if (after) await armPublish(id, after.fence, now);
  return done(after);
}

/** Records that the post exists (staff saw it on the page, or posted it by hand). */
export async function markPublicationPosted(
  user: PublicUser,
  id: string,
  input: MarkPostedInput,
): Promise<Publication> {
  const data = parseInput(markPostedSchema, input, 'Mark as posted');
  const doc = await forAction(user, id, ['unconfirmed', 'failed', 'missed', 'held'], 'marked as posted');
  await takeTurn(doc, `mark posted by ${who(user)}`);
  const set: Record<string, unknown> = {
    status: 'published',
    publishedAt: doc.attempt?.startedAt ?? new Date(),
    statusReason: `Marked as posted by ${who(user)}.`,
  };
  if (data.permalink) set.permalink = data.permalink;
  if (data.postId) set.platformPostId = data.postId;
  return done(await writeTransition(id, doc.fence, set, ['leaseUntil']));
}
