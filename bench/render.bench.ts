/**
 * Render benchmark (not a test): p50/p95 per format on one core, throughput on all cores,
 * peak RSS, and the same design screenshotted by headless Chromium for comparison.
 * Run with `npm run bench:render`; writes bench/results/render.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { setRenderThreads } from '../server/lib/sharp.js';
import { demoDesign } from '../server/modules/rendering/demo-assets.js';
import { composeDesign, renderDesign } from '../server/modules/rendering/renderer.js';
import { loadTemplate } from '../server/modules/rendering/template.loader.js';

const TEMPLATE = 'vitrine-produit';
const ITERATIONS = 60;
// The paired loop gives the headline figures: enough turns for a stable median of each side.
const PAIRED_ITERATIONS = 150;
// Enough runs for fontconfig, Pango and V8 to settle; Chromium gets the same.
const WARMUP = 20;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Each iteration changes the headline, so no render is served from a cache of whole images.
 * Warm: the base layers (background, photo, logo, artwork) are cached, as when a user types
 * in the editor or renders the ads of one enterprise. Cold: the brand colour changes too, so
 * the base layers are drawn again every time (a first render for a new enterprise).
 */
async function timeFormat(formatId: string, iterations: number, cold = false) {
  const template = await loadTemplate(TEMPLATE);
  const base = await demoDesign(template.manifest, formatId);
  const times: number[] = [];
  let bytes = 0;
  for (let i = -WARMUP; i < iterations; i += 1) {
    const design = {
      ...base,
      fields: { ...base.fields, headline: `${base.fields.headline} ${i}` },
      ...(cold
        ? { enterprise: { ...base.enterprise, brandColor: `#${(0x204060 + i * 0x010203).toString(16)}` } }
        : {}),
    };
    const start = performance.now();
    const out = await renderDesign(design);
    if (i >= 0) times.push(performance.now() - start);
    bytes = out.data.length;
  }
  times.sort((a, b) => a - b);
  return { p50_ms: round(quantile(times, 0.5)), p95_ms: round(quantile(times, 0.95)), bytes };
}

async function throughput(seconds: number) {
  setRenderThreads(0);
  const template = await loadTemplate(TEMPLATE);
  const base = await demoDesign(template.manifest, 'facebook');
  const workers = os.availableParallelism();
  let done = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers * 2 }, async (_, w) => {
      while (performance.now() < end) {
        await renderDesign({
          ...base,
          fields: { ...base.fields, headline: `${base.fields.headline} ${w}-${done}` },
        });
        done += 1;
      }
    }),
  );
  return { cores: workers, renders_per_second: round(done / seconds) };
}

const summary = (times: number[]) => {
  times.sort((a, b) => a - b);
  return { p50_ms: round(quantile(times, 0.5)), p95_ms: round(quantile(times, 0.95)) };
};

/**
 * Vitrine and Chromium in turns on the same designs, so both meet the same load. Chromium
 * gets the same composed SVG (images inlined) with its text as SVG text in the same fonts
 * (fontconfig), at the same places, which it shapes and draws itself, in one persistent
 * page: setContent, then a JPEG screenshot. The pages are composed before the loop, so
 * neither side's timing holds the other's preparation or its garbage.
 */
async function pairedTimes(iterations: number) {
  const template = await loadTemplate(TEMPLATE);
  const base = await demoDesign(template.manifest, 'facebook');
  const designs = Array.from({ length: WARMUP + iterations }, (_, i) => ({
    ...base,
    fields: { ...base.fields, headline: `${base.fields.headline} p${i}` },
  }));
  const pages: string[] = [];
  for (const design of designs) {
    const { svg } = await composeDesign(design, { textAs: 'text' });
    pages.push(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
    const vitrine: number[] = [];
    const chrome: number[] = [];
    for (let i = 0; i < designs.length; i += 1) {
      let start = performance.now();
      await renderDesign(designs[i]!);
      if (i >= WARMUP) vitrine.push(performance.now() - start);
      start = performance.now();
      await page.setContent(pages[i]!);
      await page.screenshot({ type: 'jpeg', quality: 85, clip: { x: 0, y: 0, width: 1200, height: 630 } });
      if (i >= WARMUP) chrome.push(performance.now() - start);
    }
    return { vitrine: summary(vitrine), chromium: summary(chrome) };
  } finally {
    await browser.close();
  }
}

const loadAtStart = os.loadavg()[0] ?? 0;
// One libvips thread: the one-core figures must not borrow a second core.
setRenderThreads(1);
const formats: Record<string, unknown> = {};
for (const format of ['facebook', 'square', 'linkedin'])
  formats[format] = await timeFormat(format, ITERATIONS);
const cold = await timeFormat('facebook', ITERATIONS, true);
const allCores = await throughput(5);
setRenderThreads(1);
const paired = await pairedTimes(PAIRED_ITERATIONS);
const chromiumResult = paired.chromium;
const p50 = paired.vitrine.p50_ms;
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  // Other processes on the machine skew every figure: read them against the load.
  load_average_1m_at_start: round(loadAtStart),
  load_average_1m_at_end: 0,
  template: TEMPLATE,
  measured: {
    vitrine:
      'renderDesign() to JPEG q85 (baseline, restart markers), 1 libvips thread, headline changed each run; warm = base layers, glyph masks, unchanged text lines and the JPEG segments under them cached (the changed line is drawn from glyph masks and its segments encoded), cold = brand colour changed each run',
    chromium:
      'the same composed SVG (images inlined, text as SVG text in the same fonts at the same places) in one persistent headless Chromium page: setContent + screenshot JPEG q85, 1200x630',
    paired:
      'p50_ms, chromium_p50_ms and speedup_vs_chromium come from one loop alternating Vitrine (warm) and Chromium on the same designs',
  },
  paired_iterations: PAIRED_ITERATIONS,
  one_core: formats,
  one_core_cold_facebook: cold,
  p50_ms: p50,
  cold_p50_ms: cold.p50_ms,
  p95_ms: paired.vitrine.p95_ms,
  all_cores: allCores,
  peak_rss_mb: round(process.resourceUsage().maxRSS / 1024),
  chromium_p50_ms: chromiumResult.p50_ms,
  chromium_p95_ms: chromiumResult.p95_ms,
  speedup_vs_chromium: round(chromiumResult.p50_ms / p50),
  speedup_vs_chromium_cold: round(chromiumResult.p50_ms / cold.p50_ms),
  targets: { p50_ms: 20, speedup_vs_chromium: 10 },
};
result.load_average_1m_at_end = round(os.loadavg()[0] ?? 0);
const out = path.resolve('bench/results/render.json');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
