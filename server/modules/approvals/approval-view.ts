import { isStaff } from '../access/access.policy.js';
import type { Ad } from '../ads/ad.service.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import { getEnterprise } from '../enterprises/enterprise.service.js';
import { type PublicUser, systemUser } from '../users/user.service.js';
import { type ApprovalEventDoc, type ApprovalEventKind, ApprovalEventModel } from './approval.model.js';
import { type AdContent, type ContentChange, contentChanges, contentOf } from './approval-diff.js';

/** Where one featured enterprise stands on the ad's current revision. */
export type EnterpriseApprovalState = 'not_asked' | 'pending' | 'approved' | 'changes_requested';

/** An ad's approval as it leaves this module. */
export interface ApprovalView {
  adId: string;
  /** The ad's current revision: decisions are about it. */
  revision: number;
  /** The ad's own flag or its campaign's "requires approval" setting. */
  required: boolean;
  /** Folded over the enterprises: approved only when every one approved this revision. */
  status: 'approved' | 'changes_requested' | 'pending' | 'not_asked';
  enterprises: {
    enterpriseId: string;
    name: string;
    state: EnterpriseApprovalState;
    comment: string | null;
    at: Date | null;
  }[];
  /** Requests and decisions, oldest first. */
  thread: {
    kind: ApprovalEventKind;
    enterpriseId: string;
    enterpriseName: string;
    revision: number;
    comment: string | null;
    by: string | null;
    via: 'dashboard' | 'link' | null;
    at: Date;
  }[];
  /** Since the last revision an enterprise approved (`since`), what the edits changed. */
  changes: { since: number; list: ContentChange[] } | null;
}

export function loadThread(adId: string): Promise<ApprovalEventDoc[]> {
  return ApprovalEventModel.find({ adId }).sort({ at: 1, _id: 1 }).lean<ApprovalEventDoc[]>();
}

function stateOf(events: ApprovalEventDoc[], enterpriseId: string, revision: number) {
  const mine = events.filter((e) => String(e.enterpriseId) === enterpriseId && e.revision === revision);
  const last = mine.at(-1);
  const decided = mine.filter((e) => e.kind !== 'asked').at(-1);
  const state: EnterpriseApprovalState = !last ? 'not_asked' : last.kind === 'asked' ? 'pending' : last.kind;
  return { state, comment: decided?.comment ?? null, at: last?.at ?? null };
}

function changesSinceApproved(ad: Ad, events: ApprovalEventDoc[]): ApprovalView['changes'] {
  const approved = events.filter((e) => e.kind === 'approved' && e.revision < ad.revision).at(-1);
  if (!approved) return null;
  const asked = events
    .filter((e) => e.kind === 'asked' && e.revision === approved.revision && e.snapshot)
    .at(-1);
  if (!asked) return null;
  return {
    since: approved.revision,
    list: contentChanges(asked.snapshot as unknown as AdContent, contentOf(ad)),
  };
}

/** The view of a thread for one reader: a member sees only its own enterprise's part. */
export async function buildView(user: PublicUser, ad: Ad, all: ApprovalEventDoc[]): Promise<ApprovalView> {
  const visible = isStaff(user)
    ? ad.enterpriseIds
    : ad.enterpriseIds.filter((id) => id === user.enterpriseId);
  const events = all.filter((e) => visible.includes(String(e.enterpriseId)));
  const names = new Map(
    await Promise.all(
      visible.map(
        async (id) =>
          [
            id,
            await getEnterprise(systemUser, id).then(
              (e) => e.name,
              () => '—',
            ),
          ] as const,
      ),
    ),
  );
  const campaign = await getCampaign(systemUser, ad.campaignId).catch(() => undefined);
  const enterprises = visible.map((id) => ({
    enterpriseId: id,
    name: names.get(id) ?? '—',
    ...stateOf(events, id, ad.revision),
  }));
  const states = enterprises.map((e) => e.state);
  const status = states.includes('changes_requested')
    ? 'changes_requested'
    : states.length > 0 && states.every((s) => s === 'approved')
      ? 'approved'
      : states.some((s) => s !== 'not_asked')
        ? 'pending'
        : 'not_asked';
  return {
    adId: ad.id,
    revision: ad.revision,
    required: ad.approval.required || Boolean(campaign?.requiresApproval),
    status,
    enterprises,
    thread: events.map((e) => ({
      kind: e.kind as ApprovalEventKind,
      enterpriseId: String(e.enterpriseId),
      enterpriseName: names.get(String(e.enterpriseId)) ?? '—',
      revision: e.revision,
      comment: e.comment ?? null,
      by: e.by ?? null,
      via: (e.via as 'dashboard' | 'link' | undefined) ?? null,
      at: e.at,
    })),
    changes: changesSinceApproved(ad, events),
  };
}
