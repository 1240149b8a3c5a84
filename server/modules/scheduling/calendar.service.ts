import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { ValidationError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import { enterpriseScope, isStaff } from '../access/access.policy.js';
import { listCampaigns } from '../campaigns/campaign.service.js';
import { listChannels } from '../channels/channel.service.js';
import { listEnterprises } from '../enterprises/enterprise.service.js';
import { type PublicUser, systemUser } from '../users/user.service.js';
import { CALENDAR_MAX_DAYS, type CalendarFeedQuery, calendarFeedSchema } from './calendar.schemas.js';
import {
  type CalendarEntry,
  calendarIndexReady,
  entriesBetween,
  finishRebuild,
  indexPublications,
} from './calendar-index.js';
import { type PublicationDoc, PublicationModel, type PublicationStatus } from './publication.model.js';

/** One publication on the calendar: its index entry (times in UTC and hub-local) and names. */
export interface CalendarEvent extends CalendarEntry {
  /** "Enterprise names · channel name". */
  title: string;
  channelName: string;
  campaignName: string;
  /** True when this user may move it (staff, and a status that can be rescheduled). */
  editable: boolean;
}

export interface CalendarFeed {
  /** The hub-local days covered, inclusive, and the zone they are in. */
  from: string;
  to: string;
  timeZone: string;
  events: CalendarEvent[];
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

interface Labels {
  channels: Map<string, string>;
  campaigns: Map<string, string>;
  enterprises: Map<string, string>;
  at: number;
}
/** How long names are reused before they are read again, ms (renames show after this). */
const LABELS_TTL_MS = 30_000;
let cachedLabels: Labels | undefined;

async function readLabels(): Promise<Labels> {
  const [channels, campaigns, enterprises] = await Promise.all([
    listChannels(),
    listCampaigns(systemUser, { limit: 100 }),
    listEnterprises(systemUser, { limit: 100 }),
  ]);
  return {
    channels: new Map(channels.map((c) => [c.id, c.name])),
    campaigns: new Map(campaigns.data.map((c) => [c.id, c.name])),
    enterprises: new Map(enterprises.data.map((e) => [e.id, e.name])),
    at: Date.now(),
  };
}

/**
 * Channel, campaign and enterprise names for these entries. Each is a scan on FerretDB, so
 * they are kept a short while; a name not known yet (a new channel) reads them again.
 */
async function labelsFor(entries: CalendarEntry[]): Promise<Labels> {
  const known = (l: Labels) =>
    entries.every(
      (e) =>
        l.channels.has(e.channelId) &&
        l.campaigns.has(e.campaignId) &&
        e.enterpriseIds.every((id) => l.enterprises.has(id)),
    );
  const fresh = cachedLabels && Date.now() - cachedLabels.at < LABELS_TTL_MS;
  if (!cachedLabels || !fresh || !known(cachedLabels)) cachedLabels = await readLabels();
  return cachedLabels;
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

/**
 * The publications on the calendar for hub-local days `from`..`to` (inclusive), with filters;
 * a member sees only those featuring its enterprise. Reads the derived index, never stale:
 * every publication write updates it before the write returns.
 * @throws ValidationError naming from/to/channelId/campaignId/enterpriseId.
 */
export async function calendarFeed(
  user: PublicUser,
  query: CalendarFeedQuery | Record<string, unknown>,
): Promise<CalendarFeed> {
  const q = parseInput(calendarFeedSchema, query, 'Query');
  const zone = config().HUB_TIMEZONE;
  const [fromMs, toMs] = period(q.from, q.to, zone);
  const scope = enterpriseScope(user);
  const filter = {
    channelId: q.channelId?.toLowerCase(),
    campaignId: q.campaignId?.toLowerCase(),
    enterpriseId: q.enterpriseId?.toLowerCase(),
    scope,
  };
  let shown = await entriesBetween(fromMs, toMs, filter);
  if (!shown) {
    await rebuildCalendarIndex();
    shown = (await entriesBetween(fromMs, toMs, filter)) ?? [];
  }
  const staff = isStaff(user);
  const names = await labelsFor(shown);
  // Completed in place: a month can hold thousands of entries, so no copies.
  const events = shown as CalendarEvent[];
  for (const e of events) {
    e.channelName = names.channels.get(e.channelId) ?? e.platform;
    e.campaignName = names.campaigns.get(e.campaignId) ?? '';
    const who = e.enterpriseIds.map((id) => names.enterprises.get(id)).filter(Boolean);
    e.title = who.length > 0 ? `${who.join(', ')} · ${e.channelName}` : e.channelName;
    e.editable = staff && movableStatuses.includes(e.status);
  }
  return { from: q.from, to: q.to, timeZone: zone, events };
}
