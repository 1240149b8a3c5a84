/**
 * Publish benchmark (not a test): scheduling 10,000 publications over 100 sandbox channels,
 * firing lateness against the zero-latency simulator, throughput with two worker processes,
 * and the workers' peak RSS. Run with `npm run bench:publish`; writes bench/results/publish.json.
 * Everything it starts (FerretDB in a fresh directory, the web app in this process, two
 * `workers/main.ts` processes, keys under a unique Redis prefix) is removed at the end.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// Before the server modules build their logger: one line per request would be the bench.
process.env.LOG_LEVEL ||= 'warn';

const CHANNELS = 100;
/** 100 ads × 100 channels = 10,000 publications; BENCH_ADS scales it down for a quick look. */
const ADS = Number(process.env.BENCH_ADS ?? 100);
const THROUGHPUT_ADS = 20;
const WORKER_CONCURRENCY = 32;
const SCHEDULE_PARALLEL = 4;
const DEADLINE_MS = 20 * 60_000;
/** Rates raised so that the throughput run measures Vitrine, not its limiter. */
const engineEnv = {
  SCHEDULE_MIN_LEAD_MS: '0',
  PUBLISH_CHANNEL_RATE: '10000',
  PUBLISH_PLATFORM_RATE: '100000',
  WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
};

const { loadOf, startHub } = await import('./publish/hub.js');
const { spawnWorker, stopWorker, workersReady } = await import('./publish/workers.js');
const phases = await import('./publish/phases.js');
const { sampleCpu } = await import('./publish/cpu.js');
const { getQueue } = await import('../server/lib/queues.js');
const { round } = phases;

const loadAtStart = os.loadavg();
const started = Date.now();
const hub = await startHub({ channels: CHANNELS, ads: ADS, env: engineEnv });
const workers: ReturnType<typeof spawnWorker>[] = [];
let finished = false;
const cleanup = async () => {
  await Promise.all(workers.map((w) => stopWorker(w)));
  await hub.close();
};
const watchdog = setTimeout(() => {
  console.error(`[bench] still running after ${DEADLINE_MS / 60_000} min: stopping`);
  for (const w of workers) w.child.kill('SIGKILL');
  void hub.close().finally(() => process.exit(2));
}, DEADLINE_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const w of workers) w.child.kill('SIGKILL');
    void hub.close().finally(() => process.exit(130));
  });
}
const log = (line: string) =>
  console.error(`[bench] ${line} (${Math.round((Date.now() - started) / 1000)} s)`);

try {
  log(`hub ready: ${CHANNELS} channels, ${ADS} ads rendered`);
  const cpu = () => sampleCpu({ workers: workers.map((w) => w.pid), storePid: hub.storePid });
  const schedule = await phases.scheduleMany(hub, SCHEDULE_PARALLEL, cpu);
  log(`scheduled ${schedule.publications} in ${round(schedule.seconds)} s`);
  await phases.clearPublications();
  await hub.upkeep();

  for (const n of [1, 2]) workers.push(spawnWorker(hub.workerEnv, `worker ${n}`));
  await workersReady(workers, async () => (await getQueue('publish').getWorkers()).length >= 2);
  log('two worker processes ready');
  // Ads the throughput run does not use: LinkedIn refuses the same text twice on a page.
  const late = await phases.lateness(hub, {
    adIds: hub.adIds.slice(THROUGHPUT_ADS),
    instants: 60,
    perInstant: 5,
    leadMs: 30_000,
    spreadMs: 24_000,
  });
  log(`lateness: p50 ${late.started_p50_ms} ms, p99 ${late.started_p99_ms} ms`);
  await phases.clearPublications();
  await hub.upkeep();

  const leadMs = Math.max(10_000, Math.round(schedule.seconds * (THROUGHPUT_ADS / ADS) * 1000 * 2) + 5_000);
  const through = await phases.throughput(hub, hub.adIds.slice(0, THROUGHPUT_ADS), {
    leadMs,
    timeoutMs: 300_000,
    cpu,
  });
  log(`throughput: ${through.posts_per_s} posts/s`);
  const rss = workers.map((w) => round(w.peakRssMb()));

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    // Other engineers' processes share these cores: read every figure against the load.
    load_average_at_start: loadOf(loadAtStart),
    load_average_at_end: loadOf(os.loadavg()),
    stores: `${hub.store}; Redis 127.0.0.1:6379 under a unique prefix`,
    settings: {
      channels: CHANNELS,
      ads: ADS,
      worker_processes: 2,
      ...engineEnv,
      schedule_parallel_calls: SCHEDULE_PARALLEL,
      simulator:
        'in the web process (this one), no injected latency; LinkedIn image processing 0 ms (simulator default 300 ms)',
    },
    schedule_10k_s: round(schedule.seconds),
    lateness_p50_ms: late.started_p50_ms,
    lateness_p99_ms: late.started_p99_ms,
    posts_per_s: through.posts_per_s,
    worker_peak_rss_mb: Math.max(...rss),
    // What the throughput would be if the posts had the machine's cores to themselves.
    posts_per_s_on_free_cores: round((os.availableParallelism() * 1000) / through.cpu_ms_per_post.total!),
    // The CPU the 10,000 publications took, spread over the cores: the least wall time they need.
    schedule_10k_cpu_s_per_core: round(
      (schedule.cpu_ms_per_publication.total! * schedule.publications) / 1000 / os.availableParallelism(),
    ),
    schedule,
    lateness: late,
    throughput: through,
    worker_peak_rss_each_mb: Object.fromEntries(rss.map((mb, i) => [`worker_${i + 1}`, mb])),
    targets: { schedule_10k_s: 10, lateness_p99_ms: 1000, posts_per_s: 100, worker_peak_rss_mb: 250 },
  };
  const out = path.resolve('bench/results/publish.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  finished = true;
} finally {
  if (!finished) for (const w of workers) console.error(w.output.slice(-20).join('\n'));
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(finished ? 0 : 1);
