import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff } from '../access/access.policy.js';
import { type Ad, listAdsOfCampaign } from '../ads/ad.service.js';
import { busySlots, type Publication } from '../scheduling/publication.service.js';
import { scheduleMany } from '../scheduling/schedule-many.js';
import type { PublicUser } from '../users/user.service.js';
import { type PlanInput, planSchema } from './plan.schemas.js';
import { adsToPlan, campaignOf, channelsOf, invalid, periodOf, type SkipReason } from './plan-inputs.js';
import { candidateSlots } from './plan-slots.js';
import { fairnessReport, spread } from './plan-spread.js';

export type { SkipReason };

/** A plan as previewed: what apply writes when nothing changed in between. */
export interface Plan {
  /** Digest of the items: apply refuses (409) when the plan computed then differs. */
  planId: string;
  campaignId: string;
  timeZone: string;
  /** Hub-local days `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  items: {
    adId: string;
    enterpriseIds: string[];
    channelIds: string[];
    /** UTC instant, ISO 8601. */
    at: string;
    /** Hub-local wall time `YYYY-MM-DDTHH:mm`. */
    local: string;
    /** ISO week of the hub-local day, `YYYY-Www`. */
    week: string;
  }[];
  skipped: { adId: string; reason: SkipReason; status: Ad['status'] }[];
  slots: { available: number; used: number };
  /** The fairness rule (plan-spread.ts): per enterprise, maxInOneWeek ≤ cap = ⌈ads / weeks⌉. */
  fairness: {
    weeks: number;
    enterprises: { enterpriseId: string; ads: number; cap: number; maxInOneWeek: number }[];
  };
}

const digest = (items: Plan['items']) =>
  createHash('sha256')
    .update(JSON.stringify(items.map((i) => [i.adId, i.channelIds, i.at])))
    .digest('hex')
    .slice(0, 16);

/** Computes the plan from the campaign, its ads and the channels' existing publications. */
async function computePlan(user: PublicUser, input: PlanInput, now = new Date()): Promise<Plan> {
  if (!isStaff(user)) throw new NotFoundError();
  const data = parseInput(planSchema, input, 'Plan');
  const cfg = config();
  const zone = cfg.HUB_TIMEZONE;
  const campaign = await campaignOf(data.campaignId);
  const channels = await channelsOf(data.channelIds);
  const { from, to } = periodOf(campaign, data, zone, now);
  const { ads, skipped } = adsToPlan(await listAdsOfCampaign(campaign.id), data, channels, campaign);
  // A preview applied a few minutes later must still be ahead of the minimum lead time.
  const lead = Math.max(cfg.SCHEDULE_MIN_LEAD_MS, 15 * 60_000);
  const slots = candidateSlots({
    from,
    to,
    weekdays: data.weekdays,
    times: data.times,
    zone,
    notBefore: new Date(now.getTime() + lead),
    notAfter: new Date(now.getTime() + cfg.SCHEDULE_MAX_DAYS * 86_400_000),
  });
  if (slots.length < ads.length) throw tooFewSlots(slots.length, ads.length, from, to);
  const gapMs = data.minGapHours * 3_600_000;
  const window = (d: string, sign: 1 | -1) =>
    DateTime.fromISO(d, { zone })
      .plus({ days: sign, milliseconds: sign * gapMs })
      .toJSDate();
  const taken = await busySlots(
    channels.map((c) => c.id),
    window(from, -1),
    window(to, 1),
  );
  const busy = taken.filter((b) => !b.cancelled);
  const result = spread({ ads, slots, gapMs, busy, held: taken.filter((b) => b.cancelled) });
  if (result.unplaced.length > 0) throw noRoom(result.unplaced.length, ads.length, data.minGapHours);
  const items = result.placed.map((p) => ({
    adId: p.adId,
    enterpriseIds: p.enterpriseIds,
    channelIds: p.channelIds,
    at: p.slot.at.toISOString(),
    local: p.slot.local,
    week: p.slot.week,
  }));
  return {
    planId: digest(items),
    campaignId: campaign.id,
    timeZone: zone,
    from,
    to,
    items,
    skipped,
    slots: { available: slots.length, used: items.length },
    fairness: { weeks: result.weeks, enterprises: fairnessReport(result.placed, result.weeks) },
  };
}

function tooFewSlots(available: number, needed: number, from: string, to: string) {
  const message = `asks for ${needed} slots but the period ${from} to ${to} holds ${available} on these weekdays and times: add weekdays or times, or plan fewer ads`;
  return invalid(`The plan ${message}.`, [{ field: 'times', message }]);
}

function noRoom(unplaced: number, total: number, gapHours: number) {
  const message = `${unplaced} of ${total} ads find no slot that keeps ${gapHours} h between posts on a channel, avoids the publications already scheduled and spreads each enterprise over the weeks: shorten the gap, add weekdays or times, or plan fewer ads`;
  return invalid(`The plan does not fit: ${message}.`, [{ field: 'minGapHours', message }]);
}

/**
 * The plan for a campaign's eligible ads (ready, approved where approval is required,
 * with a template and a chosen channel they may use), without writing anything.
 * @throws ValidationError naming the field (campaignId, channelIds.N, from, to, adIds.N,
 *   times when the period holds fewer slots than ads, minGapHours when gaps leave no room);
 *   NotFoundError for members.
 */
export function previewPlan(user: PublicUser, input: PlanInput): Promise<Plan> {
  return computePlan(user, input);
}

/**
 * Computes the plan again and schedules all of it or nothing (scheduleMany).
 * @throws ConflictError naming planId when the plan differs from the one previewed
 *   (publications or ads changed since); ValidationError when there is nothing to plan.
 */
export async function applyPlan(
  user: PublicUser,
  input: PlanInput,
): Promise<{ plan: Plan; data: Publication[] }> {
  const plan = await computePlan(user, input);
  if (input.planId && input.planId !== plan.planId) {
    throw new ConflictError('The plan changed since it was previewed: preview it again.', [
      { field: 'planId', message: 'is not the plan computed now (ads or publications changed)' },
    ]);
  }
  if (plan.items.length === 0) {
    throw invalid('Nothing to plan.', [
      { field: 'adIds', message: 'no ad of the campaign is ready (and approved where required)' },
    ]);
  }
  const data = await scheduleMany(
    user,
    plan.items.map((i) => ({ adId: i.adId, channelIds: i.channelIds, at: new Date(i.at) })),
  );
  return { plan, data };
}
