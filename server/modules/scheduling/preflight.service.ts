import { NotFoundError } from '../../lib/errors.js';
import { type Ad, getAd } from '../ads/ad.service.js';
import { approvalMissing } from '../ads/ad-approval.js';
import { type Campaign, getCampaign } from '../campaigns/campaign.service.js';
import { isAdapterError } from '../channels/adapters/adapter-errors.js';
import { getChannel, type PublicChannel } from '../channels/channel.service.js';
import { verifyChannel } from '../channels/channel-calls.service.js';
import { systemUser } from '../users/user.service.js';
import { forgetActionCount, rememberedCount } from './action-count.js';
import { checksOf, saveCheck, turnsWithProblems } from './preflight.store.js';
import { type PublicationDoc, PublicationModel } from './publication.model.js';
import { announceProblems } from './publication-notices.js';
import { approvalHeldReason } from './publish-content.js';
import { holdUnapproved } from './publishing.service.js';
import { captionProblem } from './schedule-checks.js';

const HOUR = 3_600_000;
type Problem = { code: string; message: string };

/** The stage a publication due at `at` needs now: T-24 h, T-1 h, or none yet. */
export function stageFor(at: Date, now: number): 'none' | '24h' | '1h' {
  const ahead = at.getTime() - now;
  if (ahead <= HOUR) return '1h';
  if (ahead <= 24 * HOUR) return '24h';
  return 'none';
}

/** Loads each id once per run (many publications share a channel, a campaign). */
function onceEach<T>(load: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (id) => {
    let loading = seen.get(id);
    if (!loading) {
      loading = load(id);
      seen.set(id, loading);
    }
    return loading;
  };
}

/** Verifies a channel: a revoked token or lost role shows before the time comes. */
async function channelProblemOf(channel: PublicChannel | undefined): Promise<Problem | undefined> {
  if (!channel) return { code: 'channel_removed', message: 'The channel was removed.' };
  if (channel.status !== 'connected')
    return {
      code: 'channel_not_connected',
      message: `The channel "${channel.name}" ${channel.status === 'disabled' ? 'is disabled' : 'needs reconnecting'}.`,
    };
  try {
    await verifyChannel(channel.id);
    return undefined;
  } catch (err) {
    if (isAdapterError(err) && err.kind === 'reconnect')
      return { code: 'token_invalid', message: err.reason };
    return undefined; // a passing outage is not a problem with the publication
  }
}

async function adProblems(
  pub: PublicationDoc,
  ad: Ad | undefined,
  channel: PublicChannel | undefined,
  campaignOf: (id: string) => Promise<Campaign>,
): Promise<Problem[]> {
  if (!ad) return [{ code: 'ad_missing', message: 'The ad was deleted.' }];
  const problems: Problem[] = [];
  const render = ad.renders.find((r) => r.format === pub.format);
  if (!ad.templateId)
    problems.push({ code: 'render_missing', message: 'The ad has no template, so no image.' });
  else if (!render)
    problems.push({ code: 'render_missing', message: `The ${pub.format} image is not rendered yet.` });
  const campaign = await campaignOf(ad.campaignId);
  if (approvalMissing(ad, campaign)) {
    problems.push({
      code: 'approval_missing',
      message: `The featured enterprise has not approved revision ${ad.revision} of the ad yet.`,
    });
  }
  if (channel) {
    const caption = captionProblem(ad, campaign, channel);
    if (caption) problems.push({ code: 'caption_too_long', message: `The caption ${caption.message}.` });
  }
  return problems;
}

/**
 * Pre-flight checks of the publications due in the next 24 h, at T-24 h and again at T-1 h
 * (and on every run while a problem remains): channel connected and token valid, render
 * present, caption within the platform's limit, approval given where required. Problems
 * are stored on the publication, where staff see them. Returns how many were checked.
 */
export async function preflight(now = Date.now()): Promise<{ checked: number; withProblems: number }> {
  const due = await PublicationModel.find({
    status: 'scheduled',
    scheduledAt: { $gt: new Date(now), $lte: new Date(now + 24 * HOUR) },
  }).lean<PublicationDoc[]>();
  const channelOf = onceEach((id) => getChannel(id).catch(() => undefined));
  const checkChannel = onceEach(async (id) => channelProblemOf(await channelOf(id)));
  const campaignOf = onceEach((id) => getCampaign(systemUser, id));
  const previous = await checksOf(due.map((p) => ({ id: String(p._id), fence: p.fence })));
  let checked = 0;
  let withProblems = 0;
  for (const pub of due) {
    const stage = stageFor(pub.scheduledAt, now);
    const before = previous.get(String(pub._id));
    if (before?.stage === stage && before.problems.length === 0) continue;
    const ad = await getAd(systemUser, String(pub.adId)).catch((err) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
    const channelProblem = await checkChannel(String(pub.channelId));
    const problems = [
      ...(channelProblem ? [channelProblem] : []),
      ...(await adProblems(pub, ad, await channelOf(String(pub.channelId)), campaignOf)),
    ];
    await saveCheck(String(pub._id), pub.fence, { stage, checkedAt: new Date(now), problems });
    forgetActionCount();
    if (stage === '1h' && problems.some((p) => p.code === 'approval_missing') && ad) {
      await holdUnapproved(pub, approvalHeldReason(ad.revision));
    } else if (problems.length > 0) await announceProblems(pub, problems);
    checked += 1;
    if (problems.length > 0) withProblems += 1;
  }
  return { checked, withProblems };
}

/**
 * Publications staff must act on: failed, held, unconfirmed, missed, or scheduled with a
 * pre-flight problem (reused for up to 15 s; see action-count.ts).
 */
export function countNeedingAction(): Promise<number> {
  return rememberedCount(countNow);
}

async function countNow(): Promise<number> {
  const flagged = await turnsWithProblems();
  const [stuck, failing] = await Promise.all([
    PublicationModel.countDocuments({ status: { $in: ['failed', 'held', 'unconfirmed', 'missed'] } }),
    flagged.length === 0
      ? 0
      : PublicationModel.countDocuments({
          status: 'scheduled',
          $or: flagged.map((t) => ({ _id: t.id, fence: t.fence })),
        }),
  ]);
  return stuck + failing;
}
