import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { ValidationError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import { enterpriseScope, isStaff } from '../access/access.policy.js';
import type { PublicUser } from '../users/user.service.js';
import { CALENDAR_MAX_DAYS, type CalendarFeedQuery, calendarFeedSchema } from './calendar.schemas.js';
import {
  type Bucket,
  type CalendarEntry,
  calendarIndexReady,
  entriesJson,
  finishRebuild,
  indexPublications,
} from './calendar-index.js';
import { allNames, type CalendarNames, namesOf } from './calendar-names.js';
import { type PublicationDoc, PublicationModel, type PublicationStatus } from './publication.model.js';

export type { CalendarEntry } from './calendar-index.js';
export { type CalendarNames, entryTitle } from './calendar-names.js';

/**
 * The calendar of some hub-local days. Events stay JSON text as the read model holds them: a
 * month can hold thousands, and the feed only passes them on (feedJson).
 */
export interface CalendarFeed {
  /** The hub-local days covered, inclusive (`YYYY-MM-DD`), and the zone they are in. */
  from: string;
  to: string;
  timeZone: string;
  /** True when this user may move publications (staff); the statuses that can be moved. */
  canMove: boolean;
  movableStatuses: readonly PublicationStatus[];
  /** Names by id for titles: all of them for staff, only those of its events for a member. */
  names: CalendarNames;
  /** A JSON array of CalendarEntry: days in order, entries of one day in no particular order. */
  eventsJson: string;
}

/** Statuses a reschedule accepts (publication-actions.service.ts). */
export const movableStatuses: readonly PublicationStatus[] = ['scheduled', 'held', 'missed', 'failed'];

let rebuilding: Promise<number> | undefined;

/**
 * Rebuilds the calendar's read model from MongoDB (after Redis lost it). Concurrent calls in
 * one process share one pass; entries written meanwhile by hooks are newer and kept.
 * @returns the number of publications indexed.
 */
export function rebuildCalendarIndex(): Promise<number> {
  rebuilding ??= (async () => {
    const started = Date.now();
    const docs = await PublicationModel.find({}).lean<PublicationDoc[]>();
    await indexPublications(docs);
    await finishRebuild(started, new Set(docs.map((d) => String(d._id))));
    return docs.length;
  })().finally(() => {
    rebuilding = undefined;
  });
  return rebuilding;
}

/** Rebuilds the read model only when it is not complete; the reconciler and every read call it. */
export async function ensureCalendarIndex(): Promise<boolean> {
  if (await calendarIndexReady()) return false;
  await rebuildCalendarIndex();
  return true;
}

/** [start of `from`, start of the day after `to`) in the hub's zone, ms UTC. */
function period(from: string, to: string, zone: string): [number, number] {
  const start = DateTime.fromISO(from, { zone }).startOf('day');
  const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day');
  if (end <= start)
    throw new ValidationError('Invalid period.', [{ field: 'to', message: 'must not be before from' }]);
  if (end.diff(start, 'days').days > CALENDAR_MAX_DAYS + 1) {
    throw new ValidationError('Invalid period.', [
      { field: 'to', message: `must be at most ${CALENDAR_MAX_DAYS} days after from` },
    ]);
  }
  return [start.toMillis(), end.toMillis()];
}

/** The hub-local days from..to (inclusive), `YYYY-MM-DD`. */
function daysOf(from: string, to: string, zone: string): string[] {
  const days: string[] = [];
  const last = DateTime.fromISO(to, { zone });
  for (let d = DateTime.fromISO(from, { zone }); d <= last; d = d.plus({ days: 1 }))
    days.push(d.toISODate()!);
  return days;
}

/**
 * The publications on the calendar for hub-local days `from`..`to` (inclusive), with filters;
 * a member sees only those featuring its enterprise. Reads the derived read model, never
 * stale: every publication write updates it before the write returns.
 * @throws ValidationError naming from/to/channelId/campaignId/enterpriseId.
 */
export async function calendarFeed(
  user: PublicUser,
  query: CalendarFeedQuery | Record<string, unknown>,
): Promise<CalendarFeed> {
  const q = parseInput(calendarFeedSchema, query, 'Query');
  const zone = config().HUB_TIMEZONE;
  period(q.from, q.to, zone);
  const days = daysOf(q.from, q.to, zone);
  const want = {
    channelId: q.channelId?.toLowerCase(),
    campaignId: q.campaignId?.toLowerCase(),
    enterpriseId: q.enterpriseId?.toLowerCase(),
  };
  const scope = enterpriseScope(user)?.[0];
  // The narrowest stored view; any other filter is applied to its (few) entries here.
  const bucket: Bucket = scope
    ? { enterpriseId: scope }
    : want.enterpriseId
      ? { enterpriseId: want.enterpriseId }
      : want.channelId
        ? { channelId: want.channelId }
        : want.campaignId
          ? { campaignId: want.campaignId }
          : { all: true };
  let json = await entriesJson(days, bucket);
  if (json === undefined) {
    await rebuildCalendarIndex();
    json = (await entriesJson(days, bucket)) ?? '[]';
  }
  const names = await allNames();
  const filtered = scope || Object.values(want).filter(Boolean).length > 1;
  if (!filtered) {
    return {
      from: q.from,
      to: q.to,
      timeZone: zone,
      canMove: isStaff(user),
      movableStatuses,
      names,
      eventsJson: json,
    };
  }
  const entries = (JSON.parse(json) as CalendarEntry[]).filter(
    (e) =>
      (!want.channelId || e.channelId === want.channelId) &&
      (!want.campaignId || e.campaignId === want.campaignId) &&
      (!want.enterpriseId || e.enterpriseIds.includes(want.enterpriseId)),
  );
  return {
    from: q.from,
    to: q.to,
    timeZone: zone,
    canMove: isStaff(user),
    movableStatuses,
    names: scope ? namesOf(names, entries) : names,
    eventsJson: JSON.stringify(entries),
  };
}

/** The feed as the JSON text of the API's answer, events passed on as they are. */
export function feedJson(feed: CalendarFeed): string {
  const { eventsJson, ...rest } = feed;
  return `${JSON.stringify(rest).slice(0, -1)},"events":${eventsJson}}`;
}

/** The feed's events, parsed and in time order. */
export function feedEvents(feed: CalendarFeed): CalendarEntry[] {
  return (JSON.parse(feed.eventsJson) as CalendarEntry[]).sort(
    (a, b) => a.at - b.at || a.id.localeCompare(b.id),
  );
}
