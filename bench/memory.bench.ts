/**
 * Memory benchmark (not a test). Against a real web process (its own Node process, FerretDB
 * and Redis): the cold time of the /ads and /enterprises lists with 50 items each, HTML plus
 * every image they reference, against the same lists with the full-size images they used to
 * show (the baseline, in a fresh process of the same run); then 1,000 distinct previews
 * through POST /api/v1/previews and the process's peak RSS, against its RSS once started.
 * Run with `npm run bench:memory`; writes bench/results/memory.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveMongo } from '../server/lib/embedded/mongo-server.js';
import { freePort } from '../server/lib/embedded/process.js';
import { resolveRedis } from '../server/lib/embedded/redis-server.js';
import { createRedis } from '../server/lib/redis.js';
import { ADMIN, expectStatus, ITEMS, seed, signedIn } from './memory.seed.js';
import { inParallel, type Session, startWeb, type WebProcess } from './web-process.js';

const PREVIEWS = 1000;
const PREVIEW_CONCURRENCY = 4;
/** Fresh web processes whose peak RSS is measured; the median is reported. */
const PEAK_RUNS = 3;
// The process as shipped (Dockerfile, npm start, npm run start:web): glibc keeps freed libvips
// buffers in per-thread arenas and raises its mmap threshold after large frees, so RSS grows
// with fragmentation (sharp's documentation advises limiting both); and V8's young generation
// is kept at 2 x 4 MB instead of 2 x 16 MB.
const SHIPPED_RUNTIME = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  NODE_OPTIONS: '--max-semi-space-size=4',
};
// The web process as production runs it (npm run start:web); bench:memory builds it first.
const WEB_ENTRY = 'dist/server/main.js';
const round = (v: number) => Math.round(v * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A list page and every image it references, six at a time like a browser; in ms. */
async function loadList(s: Session, page: string, images: (html: string) => string[]): Promise<number> {
  const start = performance.now();
  const html = (await s.page(page)).text();
  const urls = images(html);
  await inParallel(urls, 6, async (url) => {
    await expectStatus(s.request('GET', url, undefined, 'image/*'), 200, url);
  });
  return round(performance.now() - start);
}

const srcs = (html: string) =>
  [...html.matchAll(/<img[^>]* src="([^"]+)"/g)].map((m) => m[1]!).filter((src) => !src.startsWith('data:'));
const inlined = (html: string) => [...html.matchAll(/<img[^>]* src="data:/g)].length;

/** The baseline: the same pages with the full-size files the lists used to show. */
async function fullSizeLists(s: Session) {
  const ads = s.request('GET', `/api/v1/ads?limit=${ITEMS}`);
  const adImages = (await ads)
    .json<{ data: { renders: { url: string }[] }[] }>()
    .data.map((a) => a.renders[0]!.url);
  const ents = (await s.request('GET', `/api/v1/enterprises?limit=${ITEMS}`)).json<{
    data: { logoUrl: string }[];
  }>();
  const adsMs = await loadList(s, '/ads', () => adImages);
  const enterprisesMs = await loadList(s, '/enterprises', () => ents.data.map((e) => e.logoUrl));
  return { adsMs, enterprisesMs };
}

async function previews(s: Session, web: WebProcess) {
  const templates = [
    (i: number) => ({ templateId: 'vitrine-produit', fields: { headline: `Des légumes bios, lot ${i}` } }),
    (i: number) => ({ templateId: 'chiffre-impact', fields: { figure: String(i), impact: 'emplois créés' } }),
    (i: number) => ({ templateId: 'portrait-citation', fields: { quote: `Citation ${i}`, person: 'Marie' } }),
  ];
  const formats = ['facebook', 'square', 'linkedin'];
  const times: number[] = [];
  let sampledPeak = 0;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, web.rssMb());
  }, 100);
  const start = performance.now();
  await inParallel([...Array(PREVIEWS).keys()], PREVIEW_CONCURRENCY, async (i) => {
    const body = { ...templates[i % 3]!(i), format: formats[Math.floor(i / 3) % 3] };
    const t0 = performance.now();
    await expectStatus(s.request('POST', '/api/v1/previews', body, 'image/*'), 200, 'preview');
    times.push(performance.now() - t0);
  });
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  return {
    seconds: round((performance.now() - start) / 1000),
    p50_ms: round(times[Math.floor(times.length / 2)]!),
    sampledPeak,
  };
}

/** The run's Redis keys (queues, sessions) go with it: the Redis found may be a shared one. */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = createRedis(url);
  try {
    const keys = await client.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
  } finally {
    client.disconnect();
  }
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-bench-'));
  const mongo = await resolveMongo({ dataDir, port: await freePort() });
  const redis = await resolveRedis({ dataDir, port: await freePort() });
  const env = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    MONGODB_URI: `${mongo.uri.replace(/\/$/, '')}/vitrine-bench-${Date.now()}`,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `bench${Date.now()}`,
    DEMO_DATA: 'false',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  };
  try {
    const setup = await startWeb('server/start.ts', { ...env, WORKERS: 'true' });
    await seed(setup).finally(() => setup.stop());

    // Measured as Vitrine ships (Dockerfile, npm start): malloc and V8 tuned (SHIPPED_RUNTIME).
    const web = await startWeb(WEB_ENTRY, { ...env, ...SHIPPED_RUNTIME });
    const idle = web.rssMb();
    const s = await signedIn(web);
    const coldAds = await loadList(s, '/ads', srcs);
    const coldEnterprises = await loadList(s, '/enterprises', srcs);
    const html = (await s.page('/ads')).text();
    const shown = { ads_thumbnails_inline: inlined(html), ads_images_by_url: srcs(html).length };
    const run = await previews(s, web);
    const peaks = [web.peakRssMb()];
    await web.stop();
    // A peak is one draw of the allocator's luck: two more fresh processes, and the median.
    for (let i = 1; i < PEAK_RUNS; i++) {
      const again = await startWeb(WEB_ENTRY, { ...env, ...SHIPPED_RUNTIME });
      await previews(await signedIn(again), again);
      peaks.push(again.peakRssMb());
      await again.stop();
    }
    const peak = median(peaks);

    const untuned = await startWeb(WEB_ENTRY, env);
    await previews(await signedIn(untuned), untuned);
    const defaultPeak = untuned.peakRssMb();
    await untuned.stop();

    const baselineWeb = await startWeb(WEB_ENTRY, env);
    const baseline = await fullSizeLists(await signedIn(baselineWeb));
    await baselineWeb.stop();
    await report({ idle, peak, peaks, defaultPeak, coldAds, coldEnterprises, shown, run, baseline });
  } finally {
    await deleteKeys(redis.url, env.REDIS_PREFIX);
    await mongo.stop();
    await redis.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function report(r: {
  idle: number;
  peak: number;
  peaks: number[];
  defaultPeak: number;
  coldAds: number;
  coldEnterprises: number;
  shown: Record<string, number>;
  run: { seconds: number; p50_ms: number; sampledPeak: number };
  baseline: { adsMs: number; enterprisesMs: number };
}) {
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.availableParallelism(),
    load_average_1m: round(os.loadavg()[0]!),
    cache_mb: Number(process.env.CACHE_MB ?? 64),
    measured: {
      cold_list_ms:
        'a fresh web process: GET /ads (50 ads) and every image URL it references, 6 at a time; thumbnails come inline',
      baseline_ms:
        'another fresh web process: the same list with the full-size renders and logos it used to show',
      web_peak_rss_mb: `the median over ${PEAK_RUNS} fresh web processes of the VmHWM after ${PREVIEWS} distinct previews, ${PREVIEW_CONCURRENCY} at a time, with glibc malloc and V8's young generation tuned as shipped (shipped_runtime: Dockerfile, npm start)`,
      web_peak_rss_mb_default_malloc: 'the same in a fresh process with neither malloc nor V8 tuned',
    },
    web_peak_rss_mb: r.peak,
    // An object rather than an array, so the file is written as the formatter would write it.
    web_peak_rss_mb_runs: Object.fromEntries(r.peaks.map((mb, i) => [`run_${i + 1}`, mb])),
    web_idle_rss_mb: r.idle,
    web_peak_rss_mb_default_malloc: r.defaultPeak,
    shipped_runtime: SHIPPED_RUNTIME,
    web_peak_over_idle: round(r.peak / r.idle),
    previews: {
      count: PREVIEWS,
      seconds: r.run.seconds,
      p50_ms: r.run.p50_ms,
      sampled_peak_rss_mb: r.run.sampledPeak,
    },
    cold_list_ms: r.coldAds,
    cold_enterprises_ms: r.coldEnterprises,
    ads_page: r.shown,
    baseline_full_size: { ads_ms: r.baseline.adsMs, enterprises_ms: r.baseline.enterprisesMs },
    speedup_vs_full_size: {
      ads: round(r.baseline.adsMs / r.coldAds),
      enterprises: round(r.baseline.enterprisesMs / r.coldEnterprises),
    },
  };
  const out = path.join(import.meta.dirname, 'results', 'memory.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
