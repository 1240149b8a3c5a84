import { hubLocalMinute } from '../../lib/hub-time.js';
import type { PublicationDoc } from './publication.model.js';

/** One publication as the calendar's read model holds it (calendar-index.ts). */
export interface CalendarEntry {
  id: string;
  adId: string;
  channelId: string;
  campaignId: string;
  enterpriseIds: string[];
  platform: 'facebook' | 'linkedin';
  status: PublicationDoc['status'];
  fence: number;
  /** scheduledAt, ms since the epoch (UTC). */
  at: number;
  /** scheduledAt, ISO 8601 UTC. */
  start: string;
  /** scheduledAt as hub-local wall time `YYYY-MM-DDTHH:mm` (HUB_TIMEZONE when written). */
  local: string;
  /** updatedAt of the document written, ms: an older write never replaces a newer one. */
  v: number;
}

export function entryOf(doc: PublicationDoc): CalendarEntry {
  const at = new Date(doc.scheduledAt);
  return {
    id: String(doc._id),
    adId: String(doc.adId),
    channelId: String(doc.channelId),
    campaignId: String(doc.campaignId),
    enterpriseIds: (doc.enterpriseIds ?? []).map(String),
    platform: doc.platform,
    status: doc.status,
    fence: doc.fence ?? 0,
    at: at.getTime(),
    start: at.toISOString(),
    local: hubLocalMinute(at),
    v: new Date(doc.updatedAt ?? Date.now()).getTime(),
  };
}

/**
 * Steps a publication takes within one fence, from → to, that it can never take back in that
 * fence: a new attempt (rearm, revive) always takes a new fence (transitions.ts). The
 * calendar's read model orders a writer's own transition by them (calendar-index.scripts.ts,
 * STEP); a step missing here is only settled by reading MongoDB again, never misordered.
 * Only the publish path's steps are listed: they are the ones taken thousands of times.
 */
export const FORWARD_IN_FENCE: readonly (readonly [PublicationDoc['status'], PublicationDoc['status']])[] = [
  ['scheduled', 'publishing'],
  ['scheduled', 'cancelled'],
  ['scheduled', 'held'],
  ['scheduled', 'failed'],
  ['scheduled', 'missed'],
  ['publishing', 'published'],
  ['publishing', 'unconfirmed'],
  ['publishing', 'held'],
  ['publishing', 'failed'],
  ['unconfirmed', 'published'],
];

/** The publication fields entryOf reads (a projection for reading only what an entry needs). */
export const ENTRY_FIELDS = {
  adId: 1,
  channelId: 1,
  campaignId: 1,
  enterpriseIds: 1,
  platform: 1,
  status: 1,
  fence: 1,
  scheduledAt: 1,
  updatedAt: 1,
} as const;

const ms = (value: unknown) => (value == null ? undefined : new Date(value as Date).getTime());

/**
 * True when both documents make the same entry (both null counts as the same), compared field
 * by field: `local` and `start` follow from scheduledAt in one zone.
 */
export function sameEntry(a: PublicationDoc | null, b: PublicationDoc | null): boolean {
  if (!a || !b) return a === b;
  const ea = a.enterpriseIds ?? [];
  const eb = b.enterpriseIds ?? [];
  return (
    String(a._id) === String(b._id) &&
    String(a.adId) === String(b.adId) &&
    String(a.channelId) === String(b.channelId) &&
    String(a.campaignId) === String(b.campaignId) &&
    a.platform === b.platform &&
    a.status === b.status &&
    (a.fence ?? 0) === (b.fence ?? 0) &&
    ms(a.scheduledAt) === ms(b.scheduledAt) &&
    ms(a.updatedAt) === ms(b.updatedAt) &&
    ea.length === eb.length &&
    ea.every((id, i) => String(id) === String(eb[i]))
  );
}
