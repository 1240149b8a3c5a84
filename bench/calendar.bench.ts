/**
 * Calendar benchmark (not a test): 50,000 publications over 100 channels and twelve months,
 * then the calendar's month query (calendarFeed, the code path of /api/v1/calendar and of the
 * page) for the current hub-local month, as staff and as a member. Target: p95 ≤ 50 ms.
 * Run with `npm run bench:calendar`; writes bench/results/calendar.json. Everything it starts
 * (a MongoDB-compatible server in a fresh directory, keys under a unique Redis prefix) goes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { Types } from 'mongoose';

process.env.LOG_LEVEL ||= 'warn';

const PUBLICATIONS = Number(process.env.BENCH_PUBLICATIONS ?? 50_000);
const CHANNELS = 100;
const ENTERPRISES = 30;
const RUNS = 200;
const WARMUP = 20;
const TARGET_P95_MS = 50;

const { loadConfig, setConfig } = await import('../server/config/index.js');
const { resolveMongo } = await import('../server/lib/embedded/mongo-server.js');
const { freePort } = await import('../server/lib/embedded/process.js');
const { connectMongo, disconnectMongo, mongoDb, syncIndexes } = await import('../server/lib/mongo.js');
const { connectRedis, disconnectRedis } = await import('../server/lib/redis.js');
const { closeQueues, initQueues } = await import('../server/lib/queues.js');
const { createCampaign } = await import('../server/modules/campaigns/campaign.service.js');
const { connectSandbox } = await import('../server/modules/channels/channel.service.js');
const { createEnterprise } = await import('../server/modules/enterprises/enterprise.service.js');
const { systemUser } = await import('../server/modules/users/user.service.js');
const { benchEnv, dropRedisKeys, loadOf } = await import('./publish/hub.js');
const { calendarFeed, feedJson, rebuildCalendarIndex } = await import(
  '../server/modules/scheduling/calendar.service.js'
);
await import('../server/modules/models.js');

const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const log = (line: string) => console.error(`[bench:calendar] ${line}`);

const id = randomUUID().replaceAll('-', '').slice(0, 10);
const dataDir = mkdtempSync(path.join(os.tmpdir(), `vitrine-bench-cal-${id}-`));
const mongo = await resolveMongo({ dataDir, port: await freePort() });
// The web app runs in this process only for the simulator that sandbox channels are created on.
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const mongoUri = `${mongo.uri.replace(/\/$/, '')}/vitrine_bench_calendar`;
const redisUrl = 'redis://127.0.0.1:6379';
const config = setConfig(
  loadConfig(benchEnv({ baseUrl, mongoUri, redisUrl, prefix: `bench-calendar-${id}`, dataDir })),
);

async function close(): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await closeQueues();
  await dropRedisKeys(config.REDIS_PREFIX);
  await disconnectRedis();
  await mongoDb()
    .dropDatabase()
    .catch(() => undefined);
  await disconnectMongo();
  await mongo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Enterprises, campaigns and channels through their services; publications straight in. */
async function seed(now: DateTime) {
  const enterprises: string[] = [];
  for (let i = 0; i < ENTERPRISES; i += 1) {
    const e = await createEnterprise(systemUser, {
      name: `Coop ${i}`,
      legalForm: 'worker_coop',
      territory: 'Sherbrooke',
      sector: 'food',
    });
    enterprises.push(e.id);
  }
  const campaigns: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    const c = await createCampaign(systemUser, {
      name: `Campagne ${i}`,
      period: { start: now.minus({ months: 6 }).toISODate()!, end: now.plus({ months: 6 }).toISODate()! },
      enterpriseIds: enterprises,
    });
    campaigns.push(c.id);
  }
  const channels: { id: string; platform: 'facebook' | 'linkedin' }[] = [];
  for (let i = 0; i < CHANNELS; i += 1) {
    const platform = i % 2 === 0 ? 'facebook' : 'linkedin';
    channels.push({ id: (await connectSandbox({ platform, name: `Banc ${platform} ${i}` })).id, platform });
  }
  const statuses = ['scheduled', 'scheduled', 'published', 'published', 'failed', 'cancelled', 'missed'];
  const start = now.minus({ months: 6 }).toMillis();
  const span = now.plus({ months: 6 }).toMillis() - start;
  const created = new Date();
  for (let i = 0; i < PUBLICATIONS; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, PUBLICATIONS - i) }, (_v, j) => {
      const n = i + j;
      const channel = channels[n % CHANNELS]!;
      const at = new Date(start + Math.floor((n / PUBLICATIONS) * span));
      return {
        _id: new Types.ObjectId(),
        adId: new Types.ObjectId(),
        channelId: new Types.ObjectId(channel.id),
        campaignId: new Types.ObjectId(campaigns[n % campaigns.length]),
        enterpriseIds: [new Types.ObjectId(enterprises[n % ENTERPRISES])],
        platform: channel.platform,
        format: channel.platform,
        scheduledAt: at,
        status: statuses[n % statuses.length],
        fence: 0,
        attempts: 0,
        month: DateTime.fromJSDate(at, { zone: config.HUB_TIMEZONE }).toFormat('yyyy-MM'),
        createdAt: created,
        updatedAt: created,
      };
    });
    await mongoDb().collection('publications').insertMany(batch);
  }
  return { enterprises };
}

/** Times the whole answer: the feed and its JSON text, as /api/v1/calendar sends it. */
async function measure(run: () => Promise<string>) {
  for (let i = 0; i < WARMUP; i += 1) await run();
  const times: number[] = [];
  let body = '';
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    body = await run();
    times.push(performance.now() - t0);
  }
  const count = (JSON.parse(body) as { events: unknown[] }).events.length;
  times.sort((a, b) => a - b);
  return {
    p50: round(percentile(times, 0.5)),
    p95: round(percentile(times, 0.95)),
    max: round(times.at(-1)!),
    count,
  };
}

try {
  await connectMongo(mongoUri);
  await connectRedis(redisUrl);
  initQueues(redisUrl, config.REDIS_PREFIX);
  const { createApp } = await import('../server/app.js');
  await syncIndexes();
  server.on('request', createApp());
  const loadAtStart = os.loadavg();
  const now = DateTime.now().setZone(config.HUB_TIMEZONE);
  let t0 = performance.now();
  const { enterprises } = await seed(now);
  log(`${PUBLICATIONS} publications over ${CHANNELS} channels in ${Math.round(performance.now() - t0)} ms`);
  t0 = performance.now();
  const indexed = await rebuildCalendarIndex();
  const rebuildMs = Math.round(performance.now() - t0);
  log(`calendar index built from ${indexed} publications in ${rebuildMs} ms`);
  const month = { from: now.startOf('month').toISODate()!, to: now.endOf('month').toISODate()! };
  const member = { ...systemUser, role: 'member' as const, enterpriseId: enterprises[0]! };
  const staff = await measure(async () => feedJson(await calendarFeed(systemUser, month)));
  log(`staff month: p50 ${staff.p50} ms, p95 ${staff.p95} ms, ${staff.count} events`);
  const asMember = await measure(async () => feedJson(await calendarFeed(member, month)));
  log(`member month: p50 ${asMember.p50} ms, p95 ${asMember.p95} ms, ${asMember.count} events`);
  const result = {
    publications: PUBLICATIONS,
    channels: CHANNELS,
    month: month.from.slice(0, 7),
    runs: RUNS,
    month_p50_ms: staff.p50,
    month_p95_ms: staff.p95,
    month_max_ms: staff.max,
    month_events: staff.count,
    member_month_p50_ms: asMember.p50,
    member_month_p95_ms: asMember.p95,
    member_month_events: asMember.count,
    target_p95_ms: TARGET_P95_MS,
    meets_target: staff.p95 <= TARGET_P95_MS && asMember.p95 <= TARGET_P95_MS,
    index_rebuild_ms: rebuildMs,
    store: {
      mongo: mongo.kind,
      calendar_index: 'redis (one hash per hub-local day and view, derived from MongoDB)',
    },
    node: process.version,
    cpus: os.cpus().length,
    load_average_start: loadOf(loadAtStart),
    load_average_end: loadOf(os.loadavg()),
    at: new Date().toISOString(),
  };
  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'calendar.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await close();
}
