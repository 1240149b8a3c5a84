import { DateTime, FixedOffsetZone } from 'luxon';
import { ValidationError } from '../../lib/errors.js';

/** A wall-clock time in the hub's zone, as staff type it, or an exact instant. */
export interface TimeInput {
  /** `YYYY-MM-DDTHH:mm` (hub-local wall time) or ISO 8601 with `Z` or an offset (exact). */
  at: string;
  /** `±HH:MM`: which of the two instants an ambiguous wall time (fall back) means. */
  offset?: string | undefined;
}

export interface ResolvedTime {
  /** The instant, UTC. */
  instant: Date;
  /** Said when the input was ambiguous and no offset chose: which instant was taken. */
  note?: string;
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const EXACT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const bad = (field: string, message: string) => new ValidationError(message, [{ field, message }]);

const wall = (dt: DateTime) => dt.toFormat("yyyy-MM-dd'T'HH:mm:ss");
const hhmm = (dt: DateTime) => dt.toFormat('HH:mm');
const offsetText = (minutes: number) => FixedOffsetZone.instance(minutes).formatOffset(0, 'short');

/** Every instant whose wall time in `zone` is `local`: none (DST gap), one, or two (fall back). */
export function instantsOf(local: string, zone: string): DateTime[] {
  const guess = DateTime.fromISO(local, { zone });
  if (!guess.isValid) return [];
  const offsets = new Set([guess.offset - 60, guess.offset, guess.offset + 60]);
  const found = new Map<number, DateTime>();
  for (const offset of offsets) {
    const candidate = DateTime.fromISO(local, { zone: FixedOffsetZone.instance(offset) }).setZone(zone);
    if (wall(candidate) === wall(DateTime.fromISO(local))) found.set(candidate.toMillis(), candidate);
  }
  return [...found.values()].sort((a, b) => a.toMillis() - b.toMillis());
}

/** The valid wall times just before and after a gap, for the error message. */
function aroundGap(local: string, zone: string): [string, string] {
  const naive = DateTime.fromISO(local, { zone: 'UTC' });
  let before = naive;
  while (instantsOf(before.toFormat("yyyy-MM-dd'T'HH:mm"), zone).length === 0)
    before = before.minus({ minutes: 1 });
  let after = naive;
  while (instantsOf(after.toFormat("yyyy-MM-dd'T'HH:mm"), zone).length === 0)
    after = after.plus({ minutes: 1 });
  return [hhmm(before), hhmm(after)];
}

/** True when the instant's UTC offset is one in use: −12:00 to +14:00 (IANA tz database). */
export const offsetInUse = (dt: DateTime): boolean => dt.offset >= -12 * 60 && dt.offset <= 14 * 60;

/**
 * Resolves a schedule time. A hub-local wall time that does not exist (spring forward) is
 * refused with the valid times around the gap; an ambiguous one (fall back) takes `offset`
 * when given, else the first occurrence, and says so in `note`.
 * @throws ValidationError naming `at` (or `offset`) and why.
 */
export function resolveHubTime(input: TimeInput, zone: string): ResolvedTime {
  const at = input.at.trim();
  if (EXACT.test(at)) {
    const exact = DateTime.fromISO(at, { setZone: true });
    if (!exact.isValid) throw bad('at', `is not a valid date and time (${exact.invalidExplanation ?? at})`);
    if (!offsetInUse(exact)) {
      throw bad('at', `has the UTC offset ${exact.toFormat('ZZ')}, which no place uses (−12:00 to +14:00)`);
    }
    return { instant: exact.toJSDate() };
  }
  if (!LOCAL.test(at) || !DateTime.fromISO(at).isValid) {
    throw bad('at', 'must be a local date and time like 2026-12-03T10:00, or ISO 8601 with an offset');
  }
  const candidates = instantsOf(at, zone);
  const day = at.slice(0, 10);
  const time = at.slice(11, 16);
  if (candidates.length === 0) {
    const [before, after] = aroundGap(at, zone);
    throw bad(
      'at',
      `${time} does not exist on ${day} in ${zone}: clocks jump forward at that hour. Choose ${before} or ${after}.`,
    );
  }
  const offsets = candidates.map((c) => offsetText(c.offset));
  if (candidates.length === 1) {
    if (input.offset && input.offset !== offsets[0]) {
      throw bad('offset', `must be ${offsets[0]} (or left out) for ${time} on ${day} in ${zone}`);
    }
    return { instant: candidates[0]!.toJSDate() };
  }
  if (input.offset) {
    const chosen = candidates.find((c) => offsetText(c.offset) === input.offset);
    if (!chosen) throw bad('offset', `must be ${offsets.join(' or ')} for ${time} on ${day} in ${zone}`);
    return { instant: chosen.toJSDate() };
  }
  return {
    instant: candidates[0]!.toJSDate(),
    note: `${time} happens twice on ${day} in ${zone}; the first (UTC${offsets[0]}) was taken. Send offset ${offsets[1]} for the second.`,
  };
}

/** The local calendar day of an instant in the zone, `YYYY-MM-DD`. */
export function localDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? '';
}
