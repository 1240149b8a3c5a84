/**
 * Reports benchmark (not a test): 100 enterprises, 50,000 published publications over 14
 * months and 500,000 snapshots, then
 * - stats_refresh_10k_s: the stats collector reads the 10,000 most recent posts from the
 *   simulator over real HTTP (Graph batch requests, LinkedIn share statistics lists) and
 *   writes their snapshots and latest values (target ≤ 60 s);
 * - exposure_query_p95_ms: exposure(filter) for varied enterprise × month filters (≤ 100 ms);
 * - build_month_s: last month's reports for every enterprise and the hub (≤ 5 s).
 * Run with `npm run bench:reports`; writes bench/results/reports.json. The store is
 * MONGODB_URI, else FerretDB on the local PostgreSQL, else FerretDB on SQLite (as
 * bench:publish). Everything it starts or writes is removed at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

process.env.LOG_LEVEL ||= 'warn';

const sizes = {
  enterprises: 100,
  channels: 100,
  publications: Number(process.env.BENCH_PUBLICATIONS ?? 50_000),
  snapshotsPerPublication: 10,
  due: Number(process.env.BENCH_DUE ?? 10_000),
};
const EXPOSURE_RUNS = 200;
const WARMUP = 10;

const { loadConfig, setConfig } = await import('../server/config/index.js');
const { connectMongo, disconnectMongo, mongoDb, syncIndexes } = await import('../server/lib/mongo.js');
const { connectRedis, disconnectRedis } = await import('../server/lib/redis.js');
const { closeQueues, initQueues } = await import('../server/lib/queues.js');
const { benchEnv, dropRedisKeys, loadOf, startStore } = await import('./publish/hub.js');
const { addContainmentIndexes } = await import('./publish/pg-indexes.js');
const { seedReports } = await import('./reports/seed.js');
const { measureExposure, measureMonthBuild } = await import('./reports/measures.js');
const { collectDueStats } = await import('../server/use-cases/collect-stats.js');
await import('../server/modules/models.js');

const round = (n: number) => Math.round(n * 100) / 100;
const started = Date.now();
const log = (line: string) =>
  console.error(`[bench:reports] ${line} (${Math.round((Date.now() - started) / 1000)} s)`);

const loadAtStart = os.loadavg();
const id = randomUUID().replaceAll('-', '').slice(0, 10);
const dataDir = mkdtempSync(path.join(os.tmpdir(), `vitrine-bench-reports-${id}-`));
const store = await startStore(dataDir);
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const mongoUri = `${store.uri.replace(/\/$/, '')}/vitrine_bench_reports_${id}${process.env.BENCH_MONGO_QUERY ?? ''}`;
const redisUrl = 'redis://127.0.0.1:6379';
const config = setConfig(
  loadConfig(
    benchEnv({
      baseUrl,
      mongoUri,
      redisUrl,
      prefix: `bench-reports-${id}`,
      dataDir,
      extra: { STATS_CHANNEL_CONCURRENCY: process.env.STATS_CHANNEL_CONCURRENCY ?? '4' },
    }),
  ),
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
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

let finished = false;
try {
  await connectMongo(mongoUri);
  await connectRedis(redisUrl);
  initQueues(redisUrl, config.REDIS_PREFIX);
  const { createApp } = await import('../server/app.js');
  await syncIndexes();
  if (store.postgresqlUrl) await addContainmentIndexes(store.postgresqlUrl, `vitrine_bench_reports_${id}`);
  // The web app serves the simulator (/sandbox) the sandbox channels and the collector talk to.
  server.on('request', createApp());
  log(`store: ${store.name}`);
  const seedStart = performance.now();
  const seeded = await seedReports(config, sizes, log);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  log(`seeded in ${round(seedSeconds)} s`);

  const refreshStart = performance.now();
  const refresh = await collectDueStats({ limit: sizes.due });
  const refreshSeconds = (performance.now() - refreshStart) / 1000;
  log(`stats refresh: ${refresh.read} posts read in ${round(refreshSeconds)} s`);

  const exposure = await measureExposure(seeded, { runs: EXPOSURE_RUNS, warmup: WARMUP });
  log(`exposure: ${exposure ? `p95 ${exposure.p95_ms} ms` : 'not available'}`);
  const build = await measureMonthBuild(seeded);
  log(`month build: ${build ? `${build.seconds} s` : 'not available'}`);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    // Other engineers' processes share these cores: read every figure against the load.
    load_average_at_start: loadOf(loadAtStart),
    load_average_at_end: loadOf(os.loadavg()),
    stores: `${store.name}; Redis 127.0.0.1:6379 under a unique prefix`,
    settings: {
      ...sizes,
      snapshots: sizes.publications * sizes.snapshotsPerPublication,
      months: seeded.months.length,
      stats_channel_concurrency: config.STATS_CHANNEL_CONCURRENCY,
      simulator: 'in this process, over real HTTP, no injected latency',
    },
    seed_s: round(seedSeconds),
    stats_refresh_10k_s: round(refreshSeconds),
    stats_refresh_posts_per_s: round(refresh.read / refreshSeconds),
    stats_refresh: refresh,
    exposure_query_p95_ms: exposure?.p95_ms ?? 'not available',
    exposure_query_p50_ms: exposure?.p50_ms ?? 'not available',
    exposure,
    build_month_s: build?.seconds ?? 'not available',
    build_month: build,
    targets: { stats_refresh_10k_s: 60, exposure_query_p95_ms: 100, build_month_s: 5 },
    ratios_to_target: {
      stats_refresh_10k: round(refreshSeconds / 60),
      ...(exposure ? { exposure_query_p95: round(exposure.p95_ms / 100) } : {}),
      ...(build ? { build_month: round(build.seconds / 5) } : {}),
    },
  };
  const out = path.resolve('bench/results/reports.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  finished = true;
} finally {
  await close();
}
process.exit(finished ? 0 : 1);
