import { DateTime } from 'luxon';

/** Hub-local days, inclusive, and the UTC instants they span: [start, end). */
export interface DayRange {
  /** "YYYY-MM-DD", hub-local. */
  from: string;
  to: string;
  /** UTC ms of `from` at 00:00 hub time, and of the day after `to` at 00:00 hub time. */
  startMs: number;
  endMs: number;
}

/** One period of an exposure query, with the one before it and the series' buckets. */
export interface ExposurePeriod extends DayRange {
  days: number;
  previous: DayRange;
  /** Hub-local months ("YYYY-MM") touched by the previous period and this one: what to read. */
  months: string[];
  granularity: 'day' | 'month';
  /** Series keys in order ("YYYY-MM-DD" or "YYYY-MM") and the UTC ms each starts at. */
  buckets: { key: string; startMs: number }[];
}

/** Periods up to this many days are drawn by day, longer ones by month. */
export const SERIES_DAILY_MAX_DAYS = 62;

const dayStart = (day: string, zone: string) => DateTime.fromISO(day, { zone }).startOf('day');

function range(from: DateTime, to: DateTime): DayRange {
  return {
    from: from.toISODate()!,
    to: to.toISODate()!,
    startMs: from.startOf('day').toMillis(),
    endMs: to.plus({ days: 1 }).startOf('day').toMillis(),
  };
}

/** Whole hub-local months from the 1st of one to the last day of another: how many, else 0. */
function wholeMonths(from: DateTime, to: DateTime): number {
  if (from.day !== 1 || to.plus({ days: 1 }).day !== 1) return 0;
  return (to.year - from.year) * 12 + (to.month - from.month) + 1;
}

/**
 * The period before: as many whole months when the period is whole months (September before
 * October, though one day shorter), else as many days, ending the day before `from`.
 */
function previousOf(from: DateTime, to: DateTime, days: number): DayRange {
  const months = wholeMonths(from, to);
  const prevTo = from.minus({ days: 1 });
  const prevFrom = months > 0 ? from.minus({ months }) : from.minus({ days });
  return range(prevFrom, prevTo);
}

function monthsBetween(startMs: number, endMs: number, zone: string): string[] {
  const months: string[] = [];
  const last = DateTime.fromMillis(endMs - 1, { zone }).startOf('month');
  for (let m = DateTime.fromMillis(startMs, { zone }).startOf('month'); m <= last; m = m.plus({ months: 1 }))
    months.push(m.toFormat('yyyy-MM'));
  return months;
}

function bucketsOf(from: DateTime, to: DateTime, granularity: 'day' | 'month') {
  const buckets: { key: string; startMs: number }[] = [];
  const step = granularity === 'day' ? { days: 1 } : { months: 1 };
  const first = granularity === 'day' ? from.startOf('day') : from.startOf('month');
  for (let b = first; b <= to; b = b.plus(step)) {
    buckets.push({
      key: granularity === 'day' ? b.toISODate()! : b.toFormat('yyyy-MM'),
      startMs: b.toMillis(),
    });
  }
  return buckets;
}

/**
 * The period of hub-local days `from`..`to` (inclusive; callers validate them) in `zone`:
 * its UTC bounds follow the zone's offsets on each day, so a DST month keeps its 23- or
 * 25-hour day and a post at 23:30 on the 31st hub time falls in the 31st.
 */
export function exposurePeriod(from: string, to: string, zone: string): ExposurePeriod {
  const start = dayStart(from, zone);
  const end = dayStart(to, zone);
  const days = Math.round(end.diff(start, 'days').days) + 1;
  const previous = previousOf(start, end, days);
  const granularity = days <= SERIES_DAILY_MAX_DAYS ? 'day' : 'month';
  const own = range(start, end);
  return {
    ...own,
    days,
    previous,
    months: monthsBetween(previous.startMs, own.endMs, zone),
    granularity,
    buckets: bucketsOf(start, end, granularity),
  };
}

/** The first and last day of a hub-local month "YYYY-MM". */
export function monthDays(month: string, zone: string): { from: string; to: string } {
  const first = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  return { from: first.toISODate()!, to: first.endOf('month').toISODate()! };
}

/** The hub-local month before the one holding `now`, "YYYY-MM". */
export function lastMonthOf(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).minus({ months: 1 }).toFormat('yyyy-MM');
}

/** The hub-local day holding `now`, "YYYY-MM-DD". */
export function hubDay(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/** Index of the bucket holding `ms` (buckets in order, the first starting at or before it). */
export function bucketIndex(buckets: { startMs: number }[], ms: number): number {
  let low = 0;
  let high = buckets.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (buckets[mid]!.startMs <= ms) low = mid;
    else high = mid - 1;
  }
  return low;
}
