import mongoose from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config/index.js';
import { redis } from '../../server/lib/redis.js';
import { DUPLICATE_WINDOW_MS } from '../../server/simulator/simulator.constants.js';
import { forgetText, MARKER_TTL_MS, markText } from '../../server/simulator/store/text-markers.js';
import { call, DAY_MS, png, type SandboxAccount, type SimServer, startSimulator } from './sim-server.js';

/** Duplicate-text markers: in Redis, one atomic claim per post, within a window of simulated time. */
let sim: SimServer;
let org: SandboxAccount;
let page: SandboxAccount;
const now = new Date();
const version = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;

beforeAll(async () => {
  sim = await startSimulator();
  org = await sim.account('linkedin', 'Coopérative des marqueurs');
  page = await sim.account('facebook', 'Page des marqueurs');
});
afterEach(() => sim.admin('POST', '/clock', { offsetMs: 0 }));
afterAll(() => sim.close());

const liPost = (commentary: string) =>
  call(`${sim.url}/linkedin/rest/posts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${org.accessToken}`,
      'linkedin-version': version,
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      author: `urn:li:organization:${org.externalId}`,
      commentary,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
    }),
  });

function fbPhoto(caption: string) {
  const form = new FormData();
  form.set('access_token', page.accessToken);
  form.set('caption', caption);
  form.set('source', new Blob([new Uint8Array(png())], { type: 'image/png' }), 'a.png');
  return call(`${sim.url}/facebook/v25.0/${page.externalId}/photos`, { method: 'POST', body: form });
}

const stored = (platform: string, externalId: string, text: string) =>
  sim
    .admin<{ data: { message: string }[] }>('GET', `/posts?platform=${platform}&externalId=${externalId}`)
    .then((answer) => answer.data.filter((p) => p.message === text).length);

describe('duplicate detection', () => {
  it('of 20 identical LinkedIn posts sent at once, exactly one is created', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => liPost('Vingt à la fois')));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    const winner = created[0]?.headers.get('x-restli-id');
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(422);
      expect(refused.body.message).toContain(`duplicate of ${winner}`);
    }
    expect(await stored('linkedin', org.externalId, 'Vingt à la fois')).toBe(1);
  });

  it('of 20 identical Facebook photos sent at once on a detecting page, exactly one is published', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { duplicateDetection: true });
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => fbPhoto('Vingt photos')));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.filter((a) => a.body.error?.code === 506)).toHaveLength(19);
      expect(await stored('facebook', page.externalId, 'Vingt photos')).toBe(1);
    } finally {
      await sim.admin('DELETE', `/faults/facebook/${page.externalId}`);
    }
  });

  it('a text posted more than the window ago (simulated clock) is let through, within it refused', async () => {
    expect((await liPost('Hier et aujourd’hui')).status).toBe(201);
    await sim.admin('POST', '/clock', { offsetMs: DUPLICATE_WINDOW_MS - 3_600_000 });
    expect((await liPost('Hier et aujourd’hui')).status).toBe(422);
    await sim.admin('POST', '/clock', { offsetMs: DUPLICATE_WINDOW_MS + 60_000 });
    expect((await liPost('Hier et aujourd’hui')).status).toBe(201);
    // The one just created is the recent marker now.
    expect((await liPost('Hier et aujourd’hui')).status).toBe(422);
  });

  it('markers are in Redis under the simulator prefix, expiring after the window, not in MongoDB', async () => {
    expect((await liPost('Où est le marqueur')).status).toBe(201);
    const db = mongoose.connection.name;
    const keys = await redis().keys(`${config().REDIS_PREFIX}:sim:${db}:marker:linkedin:${org.externalId}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const ttl = await redis().pttl(key);
      expect(ttl).toBeGreaterThan(DUPLICATE_WINDOW_MS);
      expect(ttl).toBeLessThanOrEqual(MARKER_TTL_MS);
    }
    const collections = await mongoose.connection.db?.listCollections({ name: 'sim_markers' }).toArray();
    expect(collections).toEqual([]);
  });
});

describe('markText and forgetText', () => {
  const at = new Date('2026-10-01T12:00:00Z');
  const later = new Date(at.getTime() + 60_000);

  it('forgetting the text of another post leaves the marker; of its own post, frees the text', async () => {
    expect(await markText('linkedin', 'o1', 'Texte gardé', 'urn:a', at, true)).toBeUndefined();
    await forgetText('linkedin', 'o1', 'Texte gardé', 'urn:b');
    expect(await markText('linkedin', 'o1', 'Texte gardé', 'urn:c', later, true)).toBe('urn:a');
    await forgetText('linkedin', 'o1', 'Texte gardé', 'urn:a');
    expect(await markText('linkedin', 'o1', 'Texte gardé', 'urn:d', later, true)).toBeUndefined();
  });

  it('without detection, the last writer wins and nothing is reported', async () => {
    expect(await markText('facebook', 'p1', 'Deux fois', '1_a', at, false)).toBeUndefined();
    expect(await markText('facebook', 'p1', 'Deux fois', '1_b', at, false)).toBeUndefined();
    expect(await markText('facebook', 'p1', 'Deux fois', '1_c', later, true)).toBe('1_b');
  });

  it('is per platform, account and text, and ignores an empty text', async () => {
    await markText('facebook', 'p2', 'Même texte', '2_a', at, true);
    expect(await markText('linkedin', 'p2', 'Même texte', 'urn:x', at, true)).toBeUndefined();
    expect(await markText('facebook', 'p3', 'Même texte', '3_a', at, true)).toBeUndefined();
    expect(await markText('facebook', 'p2', 'Autre texte', '2_b', at, true)).toBeUndefined();
    expect(await markText('facebook', 'p2', '', '2_c', at, true)).toBeUndefined();
    expect(await markText('facebook', 'p2', '', '2_d', at, true)).toBeUndefined();
  });

  it('a marker exactly at the window edge still counts; one millisecond older does not', async () => {
    await markText('linkedin', 'o2', 'Au bord', 'urn:edge', at, true);
    const edge = new Date(at.getTime() + DUPLICATE_WINDOW_MS);
    expect(await markText('linkedin', 'o2', 'Au bord', 'urn:e2', edge, true)).toBe('urn:edge');
    const past = new Date(edge.getTime() + 1);
    expect(await markText('linkedin', 'o2', 'Au bord', 'urn:e3', past, true)).toBeUndefined();
  });

  it('a marker from a later simulated time (clock moved back) is still a duplicate', async () => {
    await markText('linkedin', 'o3', 'Venu du futur', 'urn:f', new Date(at.getTime() + 5 * DAY_MS), true);
    expect(await markText('linkedin', 'o3', 'Venu du futur', 'urn:g', at, true)).toBe('urn:f');
  });
});
