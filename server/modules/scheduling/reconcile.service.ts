import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { getQueue } from '../../lib/queues.js';
import { getAd } from '../ads/ad.service.js';
import { approvalMissing } from '../ads/ad-approval.js';
import { adsWithStaleRenders } from '../ads/ad-renders.service.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import { getChannel } from '../channels/channel.service.js';
import { queueRenderJob } from '../rendering/render-jobs.js';
import { systemUser } from '../users/user.service.js';
import { ensureCalendarIndex } from './calendar.service.js';
import { claimedAt, claimTurn } from './claims.js';
import { type PublicationDoc, PublicationModel } from './publication.model.js';
import { armPublishMany, armVerify, parsePublishJobId, publishJobId, verifyJobId } from './publish-jobs.js';
import { expirePublishing, missedReason } from './publishing.service.js';
import { refreshAdStatus } from './scheduling.service.js';
import { rearm, writeTransition } from './transitions.js';

export interface ReconcileReport {
  armed: number;
  missed: number;
  expired: number;
  verifying: number;
  resumed: number;
  orphans: number;
  renders: number;
  /** 1 when the calendar's read model was rebuilt. */
  calendar: number;
}

const WORKER = 'reconciler';
const live = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

async function jobIsLive(id: string): Promise<boolean> {
  return live.has(await getQueue('publish').getJobState(id));
}

/** The publications whose current publish job is not waiting, delayed or running (Redis asked 200 at a time). */
async function withoutLiveJobs(docs: PublicationDoc[]): Promise<PublicationDoc[]> {
  const missing: PublicationDoc[] = [];
  for (let i = 0; i < docs.length; i += 200) {
    const chunk = docs.slice(i, i + 200);
    const live = await Promise.all(chunk.map((p) => jobIsLive(publishJobId(String(p._id), p.fence))));
    missing.push(...chunk.filter((_p, j) => !live[j]));
  }
  return missing;
}

/** Scheduled publications: each has its job; past the grace with nothing run, it is missed. */
async function scheduledTurns(now: number, report: ReconcileReport): Promise<void> {
  const cfg = config();
  const all = await PublicationModel.find(
    { status: 'scheduled' },
    { fence: 1, status: 1, scheduledAt: 1, attempts: 1, adId: 1 },
  ).lean<PublicationDoc[]>();
  const docs = await withoutLiveJobs(all);
  const toArm: { publicationId: string; fence: number; at: Date }[] = [];
  for (const pub of docs) {
    const id = String(pub._id);
    const takenAt = await claimedAt(id, pub.fence, 'publish');
    if (takenAt && takenAt.getTime() + cfg.PUBLISH_LEASE_MS < now) {
      // Its worker died between the claim and the lease: nothing was sent yet.
      const next = await rearm(pub, pub.scheduledAt);
      if (next) toArm.push({ publicationId: id, fence: next.fence, at: new Date(now) });
      continue;
    }
    if (takenAt) continue;
    if (!pub.attempts && pub.scheduledAt.getTime() + cfg.PUBLISH_GRACE_MS < now) {
      if (await claimTurn(id, pub.fence, 'publish', WORKER)) {
        await writeTransition(id, pub.fence, { status: 'missed', statusReason: missedReason(pub) });
        await refreshAdStatus(String(pub.adId));
        report.missed += 1;
      }
      continue;
    }
    toArm.push({ publicationId: id, fence: pub.fence, at: pub.scheduledAt });
  }
  for (let i = 0; i < toArm.length; i += 500) await armPublishMany(toArm.slice(i, i + 500));
  report.armed += toArm.length;
}

/** Publishing past its lease → unconfirmed; unconfirmed without a pending read-back → read again. */
async function unknownOutcomes(now: number, report: ReconcileReport): Promise<void> {
  const stuck = await PublicationModel.find({
    status: 'publishing',
    leaseUntil: { $lt: new Date(now) },
  }).lean<PublicationDoc[]>();
  for (const pub of stuck) {
    if ((await expirePublishing(pub, WORKER)).kind === 'done') report.expired += 1;
  }
  const unconfirmed = await PublicationModel.find({ status: 'unconfirmed' }).lean<PublicationDoc[]>();
  for (const pub of unconfirmed) {
    const next = (pub.verifyTries ?? 0) + 1;
    if (next > config().VERIFY_MAX_TRIES) continue;
    if (await jobIsLive(verifyJobId(String(pub._id), pub.fence, next))) continue;
    if (next > 1 && (await jobIsLive(verifyJobId(String(pub._id), pub.fence, next - 1)))) continue;
    await armVerify(String(pub._id), pub.fence, next, 0);
    report.verifying += 1;
  }
}

/** True when the ad needs no approval or has it (a hold for approval resumes once given). */
async function approvalGiven(adId: string): Promise<boolean> {
  const ad = await getAd(systemUser, adId).catch(() => undefined);
  if (!ad) return true;
  const campaign = await getCampaign(systemUser, ad.campaignId).catch(() => undefined);
  return !approvalMissing(ad, campaign);
}

/** Held publications whose channel is back (and approval given) resume, or ask staff when late. */
async function heldTurns(now: number, report: ReconcileReport): Promise<void> {
  const held = await PublicationModel.find({ status: 'held' }).lean<PublicationDoc[]>();
  for (const pub of held) {
    const channel = await getChannel(String(pub.channelId)).catch(() => undefined);
    if (channel?.status !== 'connected') continue;
    if (!(await approvalGiven(String(pub.adId)))) continue;
    const id = String(pub._id);
    if (!(await claimTurn(id, pub.fence, 'settle', WORKER))) continue;
    if (pub.scheduledAt.getTime() + config().PUBLISH_GRACE_MS < now) {
      await writeTransition(id, pub.fence, {
        status: 'missed',
        statusReason:
          'The channel was reconnected after the publication’s time: retry to publish now, or cancel.',
      });
      continue;
    }
    const next = await rearm(pub, pub.scheduledAt, { attempts: 0 });
    if (next) await armPublishMany([{ publicationId: id, fence: next.fence, at: pub.scheduledAt }]);
    report.resumed += 1;
  }
}

/** Waiting publish and read-back jobs whose turn is gone (rescheduled, cancelled, settled). */
async function orphanJobs(report: ReconcileReport): Promise<void> {
  const queue = getQueue('publish');
  for (let start = 0; ; start += 500) {
    const jobs = await queue.getJobs(['delayed', 'waiting'], start, start + 499, true);
    if (jobs.length === 0) return;
    const ids = jobs.map((j) => j.data.publicationId);
    const pubs = await PublicationModel.find({ _id: { $in: ids } }, { fence: 1, status: 1 }).lean<
      PublicationDoc[]
    >();
    const byId = new Map(pubs.map((p) => [String(p._id), p]));
    for (const job of jobs) {
      const pub = byId.get(job.data.publicationId);
      const wanted = job.data.verify ? 'unconfirmed' : 'scheduled';
      if (pub && pub.fence === job.data.fence && pub.status === wanted) continue;
      if (!job.data.verify && !parsePublishJobId(job.id)) continue;
      await job.remove().catch(() => undefined);
      report.orphans += 1;
    }
    if (jobs.length < 500) return;
  }
}

/**
 * Re-derives the queues from MongoDB (the source of truth): after a Redis flush or restart,
 * a crash, or a time that passed while nothing ran. Safe to run anywhere, any number of times:
 * every change it makes goes through the same claims as the workers.
 */
export async function reconcile(now = Date.now()): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    armed: 0,
    missed: 0,
    expired: 0,
    verifying: 0,
    resumed: 0,
    orphans: 0,
    renders: 0,
    calendar: 0,
  };
  await scheduledTurns(now, report);
  await unknownOutcomes(now, report);
  await heldTurns(now, report);
  await orphanJobs(report);
  // The calendar's read model is derived from MongoDB too: rebuilt when Redis lost it.
  if (await ensureCalendarIndex()) report.calendar = 1;
  for (const ad of await adsWithStaleRenders()) {
    await queueRenderJob(ad.id, String(ad.updatedAt.getTime()));
    report.renders += 1;
  }
  if (Object.values(report).some((n) => n > 0))
    logger.info({ report }, 'reconciled queues with the database');
  return report;
}
