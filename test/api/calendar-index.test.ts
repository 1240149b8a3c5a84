import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config/index.js';
import { redis } from '../../server/lib/redis.js';
import { rebuildCalendarIndex } from '../../server/modules/scheduling/calendar.service.js';
import { FORWARD_IN_FENCE } from '../../server/modules/scheduling/calendar-entry.js';
import {
  entriesJson,
  indexPublications,
  indexTransition,
  unindexPublications,
} from '../../server/modules/scheduling/calendar-index.js';
import { FILL, READ } from '../../server/modules/scheduling/calendar-index.scripts.js';
import type { PublicationDoc } from '../../server/modules/scheduling/publication.model.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

/** The calendar's read model in Redis: what a write touches, and an index of an earlier layout. */
let app: TestApp;
let admin: TestUser;
const zone = () => config().HUB_TIMEZONE;
const root = () => `${config().REDIS_PREFIX}:calendar:`;
const at = (local: string) => DateTime.fromISO(local, { zone: zone() }).toJSDate();

/** Every key of the read model with its Redis type. */
async function calendarKeys(): Promise<Map<string, string>> {
  const keys = await redis().keys(`${root()}*`);
  const types = await Promise.all(keys.map((k) => redis().type(k)));
  return new Map(keys.map((k, i) => [k, types[i]!]));
}

/** Entries of the index only (no document in MongoDB), on a day no other test uses. */
function syntheticDay(day: string, count: number): PublicationDoc[] {
  const channels = [new Types.ObjectId(), new Types.ObjectId()];
  const campaign = new Types.ObjectId();
  const enterprises = [new Types.ObjectId(), new Types.ObjectId()];
  return Array.from({ length: count }, (_, i) => ({
    _id: new Types.ObjectId(),
    adId: new Types.ObjectId(),
    channelId: channels[i % 2]!,
    campaignId: campaign,
    enterpriseIds: [enterprises[i % 2]!],
    platform: 'facebook',
    status: 'scheduled',
    fence: 0,
    scheduledAt: at(`${day}T${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`),
    updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)),
  })) as unknown as PublicationDoc[];
}

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  // Marks the (empty) read model complete, so that the entries written below are read as they are.
  await rebuildCalendarIndex();
});
afterAll(() => app?.close());

describe('a write to the calendar read model', () => {
  it('touches only its own entry in a day of many: every day and view is a hash, no string', async () => {
    const day = '2031-06-10';
    const docs = syntheticDay(day, 600);
    await indexPublications(docs);
    const types = await calendarKeys();
    const buckets = [...types.keys()].filter((k) => k.includes(`:day:${day}`));
    // The day, its two channels, one campaign and two enterprises.
    expect(buckets).toHaveLength(6);
    for (const key of buckets) expect(types.get(key), key).toBe('hash');
    const all = buckets.find((k) => k.endsWith(`day:${day}`))!;
    expect(await redis().hlen(all)).toBe(600);
    const before = await redis().hgetall(all);

    const [changed, moved] = docs;
    await indexPublications([{ ...changed!, status: 'cancelled', updatedAt: new Date('2026-02-01') }]);
    await indexPublications([
      { ...moved!, scheduledAt: at('2031-06-11T09:00'), updatedAt: new Date('2026-02-01') },
    ]);
    const after = await redis().hgetall(all);
    expect(Object.keys(after)).toHaveLength(599);
    expect(JSON.parse(after[String(changed!._id)]!)).toMatchObject({ status: 'cancelled' });
    for (const doc of docs.slice(2)) expect(after[String(doc._id)]).toBe(before[String(doc._id)]);
    const channel = { channelId: String(moved!.channelId) };
    expect((JSON.parse((await entriesJson([day], channel))!) as { id: string }[]).length).toBe(299);
    expect(JSON.parse((await entriesJson(['2031-06-11'], channel))!)).toMatchObject([
      { id: String(moved!._id), local: '2031-06-11T09:00' },
    ]);
    for (const [key, type] of await calendarKeys()) if (key.includes(':day:')) expect(type, key).toBe('hash');

    await unindexPublications(docs.map((d) => String(d._id)));
    expect([...(await calendarKeys()).keys()].filter((k) => k.includes('2031-06'))).toEqual([]);
  });

  it("drops the day's stored text, and a read that joined it before the write does not store it", async () => {
    const day = '2031-08-03';
    const [doc] = syntheticDay(day, 1);
    const text = () => redis().get(`${root()}v2:json:${day}`);
    const read = async () => JSON.parse((await entriesJson([day], { all: true }))!) as { status: string }[];
    await indexPublications([doc!]);
    expect(await read()).toMatchObject([{ status: 'scheduled' }]);
    await expect.poll(text).toContain('"scheduled"');
    expect(await read()).toMatchObject([{ status: 'scheduled' }]);

    // A read that saw the day before a write, storing what it joined after that write.
    const token = 'slow-reader';
    await redis().eval(READ, 0, `${root()}v2:`, '', 'other', 60_000, day);
    await indexPublications([{ ...doc!, status: 'held', updatedAt: new Date('2026-02-01') }]);
    expect(await text()).toBeNull();
    await redis().eval(READ, 0, `${root()}v2:`, '', token, 60_000, day);
    await indexPublications([{ ...doc!, status: 'cancelled', updatedAt: new Date('2026-03-01') }]);
    await redis().eval(FILL, 0, `${root()}v2:`, token, 60_000, day, 'stale');
    expect(await text()).toBeNull();
    expect(await read()).toMatchObject([{ status: 'cancelled' }]);
    await unindexPublications([String(doc!._id)]);
    expect(await read()).toEqual([]);
  });

  it('keeps a newer entry unless forced, as before', async () => {
    const [doc] = syntheticDay('2031-07-01', 1);
    await indexPublications([{ ...doc!, status: 'published', updatedAt: new Date('2026-03-01') }]);
    await indexPublications([{ ...doc!, status: 'publishing', updatedAt: new Date('2026-02-01') }]);
    const read = async () => JSON.parse((await entriesJson(['2031-07-01'], { all: true }))!);
    expect(await read()).toMatchObject([{ status: 'published' }]);
    await indexPublications([{ ...doc!, status: 'publishing', updatedAt: new Date('2026-02-01') }], true);
    expect(await read()).toMatchObject([{ status: 'publishing' }]);
    await unindexPublications([String(doc!._id)]);
    expect(await read()).toEqual([]);
  });
});

describe("a writer's own transition (indexTransition)", () => {
  it('is ordered by fence and forward step, never by the clocks of the processes', async () => {
    const [doc] = syntheticDay('2031-07-02', 1);
    const read = async () => JSON.parse((await entriesJson(['2031-07-02'], { all: true }))!);
    const early = new Date('2020-01-01');
    const late = new Date('2030-01-01');
    // No stored entry: only MongoDB can tell.
    expect(await indexTransition({ ...doc!, fence: 3, status: 'publishing' })).toBe('unsure');
    expect(await read()).toEqual([]);
    await indexPublications([{ ...doc!, fence: 3, status: 'scheduled' }], true);
    // A forward step wins even from a process whose clock is behind…
    expect(await indexTransition({ ...doc!, fence: 3, status: 'publishing', updatedAt: early })).toBe(
      'written',
    );
    // …and the step it left, arriving late from a clock ahead, is kept out.
    expect(await indexTransition({ ...doc!, fence: 3, status: 'scheduled', updatedAt: late })).toBe('kept');
    expect(await read()).toMatchObject([{ status: 'publishing', fence: 3 }]);
    expect(await indexTransition({ ...doc!, fence: 3, status: 'published' })).toBe('written');
    expect(await indexTransition({ ...doc!, fence: 3, status: 'publishing', updatedAt: late })).toBe('kept');
    // An older fence never replaces a newer one; a newer fence always does.
    expect(await indexTransition({ ...doc!, fence: 2, status: 'published', updatedAt: late })).toBe('kept');
    const moved = new Date(doc!.scheduledAt.getTime() + 3_600_000);
    expect(await indexTransition({ ...doc!, fence: 4, status: 'scheduled', scheduledAt: moved })).toBe(
      'written',
    );
    expect(await read()).toMatchObject([{ status: 'scheduled', fence: 4, at: moved.getTime() }]);
    // The same status, or a step listed in neither direction: MongoDB decides.
    expect(
      await indexTransition({ ...doc!, fence: 4, status: 'scheduled', scheduledAt: doc!.scheduledAt }),
    ).toBe('unsure');
    await indexPublications([{ ...doc!, fence: 5, status: 'held' }], true);
    expect(await indexTransition({ ...doc!, fence: 5, status: 'missed' })).toBe('unsure');
    expect(await read()).toMatchObject([{ status: 'held', fence: 5 }]);
    await unindexPublications([String(doc!._id)]);
  });

  it('relies on steps that never lead back to a status within a fence', () => {
    const next = new Map<string, string[]>();
    for (const [from, to] of FORWARD_IN_FENCE) next.set(from, [...(next.get(from) ?? []), to]);
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      (next.get(from) ?? []).some(
        (to) => to === target || (!seen.has(to) && reaches(to, target, seen.add(to))),
      );
    for (const [from] of FORWARD_IN_FENCE) expect(reaches(from, from)).toBe(false);
  });
});

describe('an index written by an earlier layout', () => {
  it('is rebuilt from MongoDB rather than read, its keys dropped, and written again as hashes', async () => {
    const enterprise = (await createEnterprise(admin.api, { name: 'Coop Gamma' })).id;
    const period = { start: DateTime.now().toISODate(), end: DateTime.now().plus({ days: 60 }).toISODate() };
    const campaign = (await createCampaign(admin.api, { name: 'Hiver', period, enterpriseIds: [enterprise] }))
      .id;
    const ad = (await createAd(admin.api, campaign, [enterprise], { templateId: 'vitrine-produit' })).id;
    const channel = (await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'FB' }))
      .body.id as string;
    const day = DateTime.now().setZone(zone()).plus({ days: 10 }).toISODate()!;
    const made = await admin.api.post('/api/v1/publications', {
      adId: ad,
      channelIds: [channel],
      at: `${day}T10:00`,
    });
    expect(made.status).toBe(201);
    const id = made.body.data[0].id as string;

    // What the string layout left in a user's Redis: complete marker, an entry that is no
    // longer true and one of a publication that no longer exists.
    const keys = [...(await calendarKeys()).keys()];
    await redis().del(...keys);
    const stale = (pub: string, status: string) =>
      JSON.stringify({ id: pub, channelId: channel, enterpriseIds: [], status, local: `${day}T08:00`, v: 1 });
    const ghost = new Types.ObjectId().toString();
    await redis().set(`${root()}built`, zone());
    await redis().hset(`${root()}members`, id, stale(id, 'cancelled'), ghost, stale(ghost, 'published'));
    await redis().set(`${root()}day:${day}`, `${stale(id, 'cancelled')},${stale(ghost, 'published')},`);
    await redis().set(`${root()}day:${day}:c:${channel}`, `${stale(id, 'cancelled')},`);

    const feed = async () =>
      (await admin.api.get(`/api/v1/calendar?from=${day}&to=${day}`)).body.events as {
        id: string;
        status: string;
        local: string;
      }[];
    expect(await feed()).toMatchObject([{ id, status: 'scheduled', local: `${day}T10:00` }]);
    const types = await calendarKeys();
    for (const old of ['built', 'members', `day:${day}`, `day:${day}:c:${channel}`])
      expect(types.has(`${root()}${old}`), old).toBe(false);
    for (const [key, type] of types) if (key.includes(':day:')) expect(type, key).toBe('hash');

    const moved = await admin.api.patch(`/api/v1/publications/${id}`, { at: `${day}T11:30`, fence: 0 });
    expect(moved.status).toBe(200);
    expect(await feed()).toMatchObject([{ id, local: `${day}T11:30`, fence: 1 }]);
  });
});
