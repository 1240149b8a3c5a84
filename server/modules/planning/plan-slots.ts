import { DateTime } from 'luxon';
import { instantsOf } from '../scheduling/local-time.js';

/** A moment a plan may use: one chosen weekday at one chosen hour, in the hub's zone. */
export interface Slot {
  /** The instant, UTC. */
  at: Date;
  /** Hub-local wall time `YYYY-MM-DDTHH:mm`. */
  local: string;
  /** ISO week of the hub-local day, `YYYY-Www` (weeks start on Monday). */
  week: string;
}

export interface SlotRequest {
  /** Hub-local days `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** Hub-local times `HH:mm`. */
  times: string[];
  zone: string;
  /** Slots before this instant are left out (lead time before publishing). */
  notBefore: Date;
  /** Slots after this instant are left out (how far ahead scheduling goes). */
  notAfter: Date;
}

/**
 * Every slot of the period, in time order. A time that does not exist on a day (the hour
 * clocks skip in spring) gives no slot that day; one that happens twice (fall back) gives
 * its first occurrence only, so a plan never posts twice at "the same" hour.
 */
export function candidateSlots(req: SlotRequest): Slot[] {
  const days = new Set(req.weekdays);
  const times = [...new Set(req.times)].sort();
  const last = DateTime.fromISO(req.to, { zone: req.zone });
  const slots: Slot[] = [];
  for (let day = DateTime.fromISO(req.from, { zone: req.zone }); day <= last; day = day.plus({ days: 1 })) {
    if (!days.has(day.weekday)) continue;
    const date = day.toISODate();
    for (const time of times) {
      const first = instantsOf(`${date}T${time}`, req.zone)[0];
      if (!first) continue;
      const at = first.toJSDate();
      if (at < req.notBefore || at > req.notAfter) continue;
      slots.push({ at, local: `${date}T${time}`, week: day.toFormat("kkkk-'W'WW") });
    }
  }
  return slots;
}
