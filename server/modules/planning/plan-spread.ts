import type { Slot } from './plan-slots.js';

/** An ad to place: the enterprises it features and the channels it goes on. */
export interface PlanAd {
  id: string;
  enterpriseIds: string[];
  channelIds: string[];
}

/** One ad at one slot, on its channels. */
export interface Placement {
  adId: string;
  enterpriseIds: string[];
  channelIds: string[];
  slot: Slot;
}

export interface SpreadInput {
  ads: PlanAd[];
  /** In time order. */
  slots: Slot[];
  /** Minimum time between two posts on one channel, in milliseconds (0: only no two at once). */
  gapMs: number;
  /** Instants (UTC) already taken on each channel by live publications. */
  busy: { channelId: string; at: Date }[];
  /**
   * (ad, channel, instant) keys a cancelled publication still holds: the ad may not go back
   * on that channel at exactly that instant (the unique index would refuse it).
   */
  held?: { adId: string; channelId: string; at: Date }[];
}

export interface SpreadResult {
  /** In time order. */
  placed: Placement[];
  /** Ads no slot could take without breaking a gap, a collision or the fairness cap. */
  unplaced: PlanAd[];
  /** Weeks that hold at least one slot: the fairness rule's W. */
  weeks: number;
}

/**
 * The fairness rule: an enterprise featured by n planned ads has at most ⌈n / W⌉ of them
 * in any one week, W being the weeks of the period that hold a slot. So no member is
 * crowded into one week while others wait, and each gets its turn across the campaign.
 */
export function fairnessCap(ads: number, weeks: number): number {
  return Math.max(1, Math.ceil(ads / Math.max(1, weeks)));
}

/** Ads in turn by enterprise (first featured): A1 B1 C1 A2 B2 A3…, the largest groups first. */
export function roundRobin(ads: PlanAd[]): PlanAd[] {
  const groups = new Map<string, PlanAd[]>();
  for (const ad of ads) {
    const key = ad.enterpriseIds[0] ?? '';
    groups.set(key, [...(groups.get(key) ?? []), ad]);
  }
  const queues = [...groups.values()].sort((a, b) => b.length - a.length);
  const order: PlanAd[] = [];
  for (let round = 0; order.length < ads.length; round += 1) {
    for (const queue of queues) if (queue[round]) order.push(queue[round]!);
  }
  return order;
}

/** Taken instants (ms) per channel, kept sorted so that a gap check is two comparisons. */
class ChannelTimes {
  private readonly times = new Map<string, number[]>();

  add(channelId: string, at: number): void {
    const list = this.times.get(channelId) ?? [];
    list.splice(this.indexOf(list, at), 0, at);
    this.times.set(channelId, list);
  }

  /** True when `at` is at least `gapMs` from every taken instant of the channel (and not one of them). */
  free(channelId: string, at: number, gapMs: number): boolean {
    const list = this.times.get(channelId) ?? [];
    const i = this.indexOf(list, at);
    const near = [list[i - 1], list[i]].filter((t): t is number => t !== undefined);
    return near.every((t) => t !== at && Math.abs(t - at) >= gapMs);
  }

  private indexOf(list: number[], at: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Spreads the ads evenly over the slots: in round-robin order by enterprise, ad i aims at
 * slot ⌊(i + ½)·S / N⌋ and takes the nearest one that keeps the gap on each of its
 * channels, collides with no existing publication and keeps every enterprise it features
 * within its weekly cap (fairnessCap). Deterministic: the same input gives the same plan.
 */
export function spread(input: SpreadInput): SpreadResult {
  const { slots, gapMs } = input;
  const weeks = new Set(slots.map((s) => s.week)).size;
  const featured = new Map<string, number>();
  for (const ad of input.ads) for (const e of ad.enterpriseIds) featured.set(e, (featured.get(e) ?? 0) + 1);
  const perWeek = new Map<string, number>();
  const taken = new ChannelTimes();
  for (const b of input.busy) taken.add(b.channelId, b.at.getTime());
  const used = new Set<number>();
  const held = new Set((input.held ?? []).map((h) => `${h.adId}|${h.channelId}|${h.at.getTime()}`));

  const fits = (ad: PlanAd, index: number) => {
    const slot = slots[index]!;
    const at = slot.at.getTime();
    return (
      !used.has(index) &&
      ad.channelIds.every((c) => taken.free(c, at, gapMs) && !held.has(`${ad.id}|${c}|${at}`)) &&
      ad.enterpriseIds.every(
        (e) => (perWeek.get(`${e}|${slot.week}`) ?? 0) < fairnessCap(featured.get(e)!, weeks),
      )
    );
  };

  const placed: Placement[] = [];
  const unplaced: PlanAd[] = [];
  const order = roundRobin(input.ads);
  for (const [i, ad] of order.entries()) {
    const target = Math.floor(((i + 0.5) * slots.length) / order.length);
    const index = nearest(slots.length, target, (n) => fits(ad, n));
    if (index === undefined) {
      unplaced.push(ad);
      continue;
    }
    const slot = slots[index]!;
    used.add(index);
    for (const c of ad.channelIds) taken.add(c, slot.at.getTime());
    for (const e of ad.enterpriseIds)
      perWeek.set(`${e}|${slot.week}`, (perWeek.get(`${e}|${slot.week}`) ?? 0) + 1);
    placed.push({ adId: ad.id, enterpriseIds: ad.enterpriseIds, channelIds: ad.channelIds, slot });
  }
  placed.sort((a, b) => a.slot.at.getTime() - b.slot.at.getTime());
  return { placed, unplaced, weeks };
}

/** The index closest to `target` (later first on a tie) for which `ok` holds. */
function nearest(length: number, target: number, ok: (index: number) => boolean): number | undefined {
  for (let d = 0; d < length; d += 1) {
    for (const n of [target + d, target - d]) if (n >= 0 && n < length && ok(n)) return n;
  }
  return undefined;
}

/** Per enterprise: how many planned ads feature it, its cap, and the most it has in one week. */
export function fairnessReport(placed: Placement[], weeks: number) {
  const counts = new Map<string, Map<string, number>>();
  for (const p of placed) {
    for (const e of p.enterpriseIds) {
      const byWeek = counts.get(e) ?? new Map<string, number>();
      byWeek.set(p.slot.week, (byWeek.get(p.slot.week) ?? 0) + 1);
      counts.set(e, byWeek);
    }
  }
  return [...counts.entries()].map(([enterpriseId, byWeek]) => {
    const ads = [...byWeek.values()].reduce((a, b) => a + b, 0);
    return { enterpriseId, ads, cap: fairnessCap(ads, weeks), maxInOneWeek: Math.max(...byWeek.values()) };
  });
}
