/** The exposure query and the month build, timed on the benchmark's data. */
import { performance } from 'node:perf_hooks';
import { buildMonthReports } from '../../server/modules/reports/report-build.js';
import { exposure } from '../../server/modules/statistics/exposure.service.js';
import type { Seeded } from './seed.js';

const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** p50/p95 of exposure() over varied enterprise × month filters, without its cache. */
export async function measureExposure(seeded: Seeded, options: { runs: number; warmup: number }) {
  const months = seeded.months;
  const filterOf = (i: number) => ({
    ...monthRange(months[(i * 7) % months.length]!),
    enterpriseId: seeded.enterpriseIds[(i * 13) % seeded.enterpriseIds.length]!,
  });
  for (let i = 0; i < options.warmup; i += 1) await exposure(filterOf(i), { cache: false });
  const times: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const start = performance.now();
    await exposure(filterOf(i + options.warmup), { cache: false });
    times.push(performance.now() - start);
  }
  // The hub's whole month (every enterprise), as the hub's report and staff's page ask.
  const hubTimes: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    const start = performance.now();
    await exposure(monthRange(months[months.length - 2 - (i % 3)]!), { cache: false });
    hubTimes.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  hubTimes.sort((a, b) => a - b);
  return {
    runs: options.runs,
    p50_ms: round(percentile(times, 0.5)),
    p95_ms: round(percentile(times, 0.95)),
    max_ms: round(times.at(-1)!),
    hub_month_p50_ms: round(percentile(hubTimes, 0.5)),
    hub_month_max_ms: round(hubTimes.at(-1)!),
  };
}

/** One build of last month's reports (every enterprise and the hub), timed. */
export async function measureMonthBuild(seeded: Seeded) {
  const month = seeded.months.at(-2)!;
  const start = performance.now();
  const result = await buildMonthReports({ month }, { by: 'bench' });
  return { month, seconds: round((performance.now() - start) / 1000), reports: result.built.length };
}
