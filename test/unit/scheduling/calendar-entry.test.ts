import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, setConfig } from '../../../server/config/index.js';
import { ENTRY_FIELDS, entryOf, sameEntry } from '../../../server/modules/scheduling/calendar-entry.js';
import type { PublicationDoc } from '../../../server/modules/scheduling/publication.model.js';

const id = () => new Types.ObjectId();
const doc = {
  _id: id(),
  adId: id(),
  channelId: id(),
  campaignId: id(),
  enterpriseIds: [id(), id()],
  platform: 'facebook',
  status: 'scheduled',
  fence: 2,
  scheduledAt: new Date('2026-11-01T06:30:00Z'),
  updatedAt: new Date('2026-10-01T12:00:00.123Z'),
  attempts: 1,
  attempt: { caption: 'x'.repeat(1000) },
  statusReason: 'moved',
} as unknown as PublicationDoc;

/** One change to each field an entry is made of, and to fields it is not. */
const changes: [string, Partial<Record<keyof PublicationDoc, unknown>>][] = [
  ['_id', { _id: id() }],
  ['adId', { adId: id() }],
  ['channelId', { channelId: id() }],
  ['campaignId', { campaignId: id() }],
  ['an enterprise', { enterpriseIds: [doc.enterpriseIds[0], id()] }],
  ['the order of enterprises', { enterpriseIds: [...doc.enterpriseIds].reverse() }],
  ['one enterprise fewer', { enterpriseIds: [doc.enterpriseIds[0]] }],
  ['platform', { platform: 'linkedin' }],
  ['status', { status: 'held' }],
  ['fence', { fence: 3 }],
  ['scheduledAt by a millisecond', { scheduledAt: new Date(doc.scheduledAt.getTime() + 1) }],
  ['scheduledAt as another Date of the same instant', { scheduledAt: new Date(doc.scheduledAt) }],
  ['updatedAt', { updatedAt: new Date(doc.updatedAt.getTime() + 1) }],
  ['enterprise ids as strings', { enterpriseIds: doc.enterpriseIds.map(String) }],
  ['attempts', { attempts: 2 }],
  ['the caption sent', { attempt: { caption: 'y' } }],
  ['statusReason', { statusReason: 'other' }],
];

beforeAll(() => {
  setConfig(
    loadConfig({
      NODE_ENV: 'test',
      HUB_TIMEZONE: 'America/Toronto',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    }),
  );
});

describe('whether two publication documents make the same calendar entry', () => {
  it.each(changes)('agrees with comparing their entries when %s changes', (_, change) => {
    const other = { ...doc, ...change } as PublicationDoc;
    const entries = JSON.stringify(entryOf(doc)) === JSON.stringify(entryOf(other));
    expect(sameEntry(doc, other)).toBe(entries);
    expect(sameEntry(other, doc)).toBe(entries);
  });

  it('tells a document from a missing one, and two missing ones alike', () => {
    expect(sameEntry(doc, null)).toBe(false);
    expect(sameEntry(null, doc)).toBe(false);
    expect(sameEntry(null, null)).toBe(true);
  });

  it('needs only the projected fields to make the whole entry', () => {
    const projected = Object.fromEntries(
      Object.entries(doc).filter(([key]) => key === '_id' || key in ENTRY_FIELDS),
    ) as unknown as PublicationDoc;
    expect(entryOf(projected)).toEqual(entryOf(doc));
    expect(entryOf(doc)).toMatchObject({ local: '2026-11-01T01:30', start: '2026-11-01T06:30:00.000Z' });
  });
});
