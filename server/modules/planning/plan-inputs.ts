import { type FieldProblem, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Ad } from '../ads/ad.service.js';
import { approvalMissing } from '../ads/ad-approval.js';
import { type Campaign, getCampaign } from '../campaigns/campaign.service.js';
import { getChannels, type PublicChannel } from '../channels/channel.service.js';
import { localDay } from '../scheduling/local-time.js';
import { systemUser } from '../users/user.service.js';
import type { PlanRequest } from './plan.schemas.js';
import type { PlanAd } from './plan-spread.js';

/** Why an ad of the campaign is left out of a plan. */
export type SkipReason = 'not_ready' | 'awaiting_approval' | 'no_template' | 'no_channel';

export const invalid = (message: string, problems: FieldProblem[]) => new ValidationError(message, problems);

export async function campaignOf(id: string): Promise<Campaign> {
  try {
    return await getCampaign(systemUser, id);
  } catch (err) {
    if (err instanceof NotFoundError)
      throw invalid('Unknown campaign.', [{ field: 'campaignId', message: 'is not an existing campaign' }]);
    throw err;
  }
}

export async function channelsOf(ids: string[]): Promise<PublicChannel[]> {
  const byId = await getChannels(ids);
  const found = ids.map((id) => byId.get(id.toLowerCase()));
  const problems: FieldProblem[] = [];
  found.forEach((c, i) => {
    if (!c) problems.push({ field: `channelIds.${i}`, message: 'is not an existing channel' });
    else if (c.status === 'disabled')
      problems.push({ field: `channelIds.${i}`, message: `channel "${c.name}" is disabled` });
  });
  if (problems.length > 0) throw invalid('Some channels cannot be used.', problems);
  return [...new Map(found.map((c) => [c!.id, c!])).values()];
}

/** The hub-local days to plan: the campaign's period, narrowed by from/to, from today on. */
export function periodOf(campaign: Campaign, data: PlanRequest, zone: string, now: Date) {
  const start = localDay(campaign.period.start, zone);
  const end = localDay(campaign.period.end, zone);
  const problems: FieldProblem[] = [];
  if (data.from && (data.from < start || data.from > end))
    problems.push({ field: 'from', message: `must be within the campaign's period (${start} to ${end})` });
  if (data.to && (data.to < start || data.to > end))
    problems.push({ field: 'to', message: `must be within the campaign's period (${start} to ${end})` });
  const from = [data.from ?? start, localDay(now, zone)].sort().at(-1)!;
  const to = data.to ?? end;
  if (problems.length === 0 && to < from)
    problems.push({
      field: 'to',
      message: `must be on or after ${from} (the campaign's period left to plan)`,
    });
  if (problems.length > 0) throw invalid('Invalid period.', problems);
  return { from, to };
}

/** Why an ad cannot be planned, or undefined when it can. */
function skipReason(ad: Ad, channels: PublicChannel[], campaign: Campaign): SkipReason | undefined {
  // A draft can be planned as it can be scheduled from its page: the worker renders what is missing.
  if (ad.status !== 'draft' && ad.status !== 'ready') return 'not_ready';
  if (approvalMissing(ad, campaign)) return 'awaiting_approval';
  if (!ad.templateId) return 'no_template';
  return usableChannels(ad, channels).length === 0 ? 'no_channel' : undefined;
}

/** Hub pages take every ad; an enterprise's own page only the ads featuring it. */
const usableChannels = (ad: Ad, channels: PublicChannel[]) =>
  channels.filter((c) => c.owner.kind === 'hub' || ad.enterpriseIds.includes(c.owner.enterpriseId));

export function adsToPlan(all: Ad[], data: PlanRequest, channels: PublicChannel[], campaign: Campaign) {
  const byId = new Map(all.map((a) => [a.id, a]));
  const problems: FieldProblem[] = [];
  data.adIds?.forEach((id, i) => {
    if (!byId.has(id)) problems.push({ field: `adIds.${i}`, message: 'is not an ad of this campaign' });
  });
  if (problems.length > 0) throw invalid('Some ads are not of this campaign.', problems);
  const chosen = data.adIds ? [...new Set(data.adIds)].map((id) => byId.get(id)!) : all;
  const ads: PlanAd[] = [];
  const skipped: { adId: string; reason: SkipReason; status: Ad['status'] }[] = [];
  for (const ad of chosen) {
    const reason = skipReason(ad, channels, campaign);
    if (reason) skipped.push({ adId: ad.id, reason, status: ad.status });
    else
      ads.push({
        id: ad.id,
        enterpriseIds: ad.enterpriseIds,
        channelIds: usableChannels(ad, channels).map((c) => c.id),
      });
  }
  return { ads, skipped };
}
