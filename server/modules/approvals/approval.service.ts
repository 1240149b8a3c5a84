import { config } from '../../config/index.js';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  isDuplicateKeyError,
  NotFoundError,
} from '../../lib/errors.js';
import { isObjectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff } from '../access/access.policy.js';
import type { ApprovalStatus } from '../ads/ad.model.js';
import { type Ad, getAd, setAdApproval } from '../ads/ad.service.js';
import { adLabel } from '../ads/ad-label.js';
import { getEnterprise } from '../enterprises/enterprise.service.js';
import { notify } from '../notifications/notification.service.js';
import { type PublicUser, systemUser } from '../users/user.service.js';
import { ApprovalEventModel, UsedApprovalLinkModel } from './approval.model.js';
import { type DecisionInput, decisionSchema } from './approval.schemas.js';
import { contentOf } from './approval-diff.js';
import { checkLink, type LinkClaims, signLink } from './approval-link.js';
import { type ApprovalView, buildView, loadThread } from './approval-view.js';

export type { ApprovalView } from './approval-view.js';

/** Why an emailed link cannot be used: its page says so in the visitor's language. */
export type LinkProblem = 'altered' | 'expired' | 'reused' | 'outdated' | 'gone';

/** An approval link that cannot be used: 410 (or 403 when altered), `details.reason` says why. */
export class ApprovalLinkError extends AppError {
  constructor(readonly reason: LinkProblem) {
    const messages: Record<LinkProblem, string> = {
      altered: 'This approval link is not valid: it was changed or cut.',
      expired: 'This approval link has expired.',
      reused: 'This approval link was already used.',
      outdated: 'The ad changed since this link was sent: a newer link was sent.',
      gone: 'This ad no longer exists or no longer features this enterprise.',
    };
    super(reason === 'altered' ? 403 : 410, 'approval_link_unusable', messages[reason], [
      { field: 'token', message: reason },
    ]);
  }
}

const nameOf = (id: string) =>
  getEnterprise(systemUser, id).then(
    (e) => e.name,
    () => '—',
  );

/** The ad's approval: state per featured enterprise, the thread and what changed. Members see their own part. */
export async function getApproval(user: PublicUser, adId: string): Promise<ApprovalView> {
  const ad = await getAd(user, adId);
  return buildView(user, ad, await loadThread(ad.id));
}

/** Folds each featured enterprise's latest decision on the current revision into the ad's status. */
async function refreshSummary(ad: Ad, comment?: string): Promise<ApprovalStatus> {
  const events = await loadThread(ad.id);
  const latest = ad.enterpriseIds.map((id) =>
    events
      .filter((e) => String(e.enterpriseId) === id && e.revision === ad.revision && e.kind !== 'asked')
      .at(-1),
  );
  const status: ApprovalStatus = latest.some((e) => e?.kind === 'changes_requested')
    ? 'changes_requested'
    : latest.every((e) => e?.kind === 'approved')
      ? 'approved'
      : 'pending';
  await setAdApproval(ad.id, { status, revision: ad.revision, at: new Date(), comment });
  return status;
}

/**
 * Asks every featured enterprise to approve the ad's current revision: records the request
 * with the content asked about, and notifies the enterprise's member users and emails its
 * contact a signed, single-use link valid APPROVAL_LINK_DAYS days. Staff only.
 */
export async function requestApproval(user: PublicUser, adId: string): Promise<ApprovalView> {
  const ad = await getAd(user, adId);
  if (!isStaff(user)) throw new ForbiddenError('Only hub staff ask for approval.');
  const snapshot = contentOf(ad);
  for (const enterpriseId of ad.enterpriseIds) {
    // Asked again for the same revision: the new links may be answered.
    await UsedApprovalLinkModel.deleteOne({ _id: answeredKey(ad.id, enterpriseId, ad.revision) });
    const asked = await new ApprovalEventModel({
      adId: ad.id,
      enterpriseId,
      revision: ad.revision,
      kind: 'asked',
      by: user.name,
      byUserId: isObjectId(user.id) ? user.id : undefined,
      snapshot,
    }).save();
    await notify({
      kind: 'approval_asked',
      key: `approval-asked:${String(asked._id)}`,
      params: { ad: adLabel(ad), enterprise: await nameOf(enterpriseId), revision: String(ad.revision) },
      link: `/ads/${ad.id}`,
      to: { enterpriseId },
      emailLink: () => approvalUrl(signLink({ adId: ad.id, enterpriseId, revision: ad.revision })),
    });
  }
  await refreshSummary(ad);
  return getApproval(user, adId);
}

/**
 * Marks that an enterprise answered a revision: one request emails a link to the contact and
 * to each member user, and the first answer, through any of them or signed in, spends them all.
 */
const answeredKey = (adId: string, enterpriseId: string, revision: number) =>
  `answered-${adId}-${enterpriseId}-${revision}`;

/** Records the answer's marker; false when another answer got there first. */
async function markAnswered(adId: string, enterpriseId: string, revision: number): Promise<boolean> {
  try {
    await UsedApprovalLinkModel.create({
      _id: answeredKey(adId, enterpriseId, revision),
      adId,
      usedAt: new Date(),
    });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

const approvalUrl = (token: string) => new URL(`/approve?t=${token}`, config().publicUrl).toString();

type Decided = { by: string; byUserId?: string; via: 'dashboard' | 'link' };

async function record(ad: Ad, enterpriseId: string, input: DecisionInput, who: Decided): Promise<void> {
  const data = parseInput(decisionSchema, input, 'Decision');
  const event = await ApprovalEventModel.create({
    adId: ad.id,
    enterpriseId,
    revision: ad.revision,
    kind: data.decision,
    comment: data.comment || undefined,
    ...who,
  });
  await refreshSummary(ad, data.comment);
  await notify({
    kind: data.decision === 'approved' ? 'approval_given' : 'approval_refused',
    key: `approval-decided:${String(event._id)}`,
    params: {
      ad: adLabel(ad),
      enterprise: await nameOf(enterpriseId),
      revision: String(ad.revision),
      comment: data.comment ?? '',
    },
    link: `/ads/${ad.id}`,
    to: { staff: true },
  });
}

/**
 * A featured member's decision on the current revision, signed in. Staff cannot decide for a
 * member (403); another member's ad answers 404; a stale `revision` answers 409.
 */
export async function decide(user: PublicUser, adId: string, input: DecisionInput): Promise<ApprovalView> {
  const ad = await getAd(user, adId);
  const data = parseInput(decisionSchema, input, 'Decision');
  if (isStaff(user) || !user.enterpriseId || !ad.enterpriseIds.includes(user.enterpriseId))
    throw new ForbiddenError('Only the featured enterprise approves its ads.');
  if (data.revision !== undefined && data.revision !== ad.revision) {
    throw new ConflictError('The ad changed since you read it: read it again before deciding.', [
      { field: 'revision', message: `is ${data.revision}, but the ad is now at revision ${ad.revision}` },
    ]);
  }
  await record(ad, user.enterpriseId, input, { by: user.name, byUserId: user.id, via: 'dashboard' });
  await markAnswered(ad.id, user.enterpriseId, ad.revision);
  return getApproval(user, adId);
}

/** What an approval link shows before deciding: the ad, the enterprise, and the revision. */
export interface LinkedAd {
  ad: Ad;
  enterpriseName: string;
  claims: LinkClaims;
}

/** Opens a link: its ad if it can still be used, else ApprovalLinkError naming why. */
export async function readApprovalLink(token: unknown): Promise<LinkedAd> {
  const check = checkLink(token);
  if (!check.ok) throw new ApprovalLinkError(check.reason);
  const { claims } = check;
  const ad = await getAd(systemUser, claims.adId).catch((err) => {
    if (err instanceof NotFoundError) throw new ApprovalLinkError('gone');
    throw err;
  });
  if (!ad.enterpriseIds.includes(claims.enterpriseId)) throw new ApprovalLinkError('gone');
  if (await UsedApprovalLinkModel.exists({ _id: claims.nonce })) throw new ApprovalLinkError('reused');
  if (await UsedApprovalLinkModel.exists({ _id: answeredKey(ad.id, claims.enterpriseId, claims.revision) }))
    throw new ApprovalLinkError('reused');
  if (ad.revision !== claims.revision) throw new ApprovalLinkError('outdated');
  return { ad, enterpriseName: await nameOf(claims.enterpriseId), claims };
}

/**
 * Decides through an emailed link, without an account. The input is checked before the link
 * is spent; the link is then claimed by inserting its nonce, so of two racing uses one wins.
 */
export async function decideByLink(token: unknown, input: DecisionInput): Promise<LinkedAd> {
  const linked = await readApprovalLink(token);
  parseInput(decisionSchema, input, 'Decision');
  try {
    await UsedApprovalLinkModel.create({ _id: linked.claims.nonce, adId: linked.ad.id, usedAt: new Date() });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new ApprovalLinkError('reused');
    throw err;
  }
  // The request's other links (to the contact, to each member user) are spent with this one.
  if (!(await markAnswered(linked.ad.id, linked.claims.enterpriseId, linked.claims.revision)))
    throw new ApprovalLinkError('reused');
  const by = `${linked.enterpriseName} (lien courriel / email link)`;
  await record(linked.ad, linked.claims.enterpriseId, input, { by, via: 'link' });
  return linked;
}
