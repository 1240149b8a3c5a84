import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { cacheStats } from './cache.js';
import { logger } from './logger.js';
import { getQueue, queueNames } from './queues.js';

/**
 * Prometheus metrics of this process (the one file that owns prom-client). Each process
 * (web, worker) has its own counters: scrape every process, and aggregate over `instance`.
 */
const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** The job states reported per queue. */
export const queueStates = ['waiting', 'delayed', 'active', 'failed', 'completed', 'paused'] as const;

// A slow or unreachable Redis must not hang the scrape: the process metrics still come out,
// and the missing queue series are what an alert notices.
const queueCountTimeoutMs = 2_000;

async function queueCounts(name: (typeof queueNames)[number]): Promise<Record<string, number>> {
  const queue = getQueue(name);
  const [counts, paused] = await Promise.all([
    queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed'),
    queue.isPaused(),
  ]);
  // Prioritized jobs are waiting their turn. BullMQ 6 keeps a paused queue's jobs in its
  // wait list; they are reported as "paused", as BullMQ 5 did, so "waiting" means runnable.
  const ready = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
  return {
    waiting: paused ? 0 : ready,
    paused: paused ? ready : 0,
    delayed: counts.delayed ?? 0,
    active: counts.active ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

new Gauge({
  name: 'vitrine_queue_jobs',
  help: 'Jobs in each BullMQ queue by state, read from Redis at scrape time',
  labelNames: ['queue', 'state'],
  registers: [registry],
  async collect() {
    this.reset();
    try {
      const all = await withTimeout(Promise.all(queueNames.map(queueCounts)), queueCountTimeoutMs);
      all.forEach((counts, i) => {
        for (const state of queueStates) this.set({ queue: queueNames[i], state }, counts[state] ?? 0);
      });
    } catch (err) {
      logger.warn({ err }, 'metrics: queue depths unavailable for this scrape');
    }
  },
});

/** The shared in-process cache (CACHE_MB), by named cache: bytes, entries and lookups. */
for (const [field, help] of [
  ['bytes', 'Bytes held by each in-process cache (all share the CACHE_MB budget)'],
  ['entries', 'Entries in each in-process cache'],
  ['hits', 'Lookups answered from each in-process cache since start'],
  ['misses', 'Lookups each in-process cache had to compute since start'],
] as const) {
  new Gauge({
    name: `vitrine_cache_${field}`,
    help,
    labelNames: ['cache'],
    registers: [registry],
    collect() {
      this.reset();
      for (const stats of cacheStats()) this.set({ cache: stats.name }, stats[field]);
    },
  });
}

const publishOutcomes = new Counter({
  name: 'vitrine_publish_outcomes_total',
  help: 'Publish attempts by outcome class and platform',
  labelNames: ['outcome', 'platform'],
  registers: [registry],
});

const publishLateness = new Histogram({
  name: 'vitrine_publish_lateness_seconds',
  help: 'How late a publication went out: published time minus scheduled time, in seconds',
  labelNames: ['platform'],
  // Fine below 1 s for the "p99 ≤ 1 s" target; the tail shows a backlog or a missed minute.
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [registry],
});

const httpDuration = new Histogram({
  name: 'vitrine_http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/**
 * Counts one publish attempt's outcome. `outcome` is one of published, retryable, permanent,
 * reconnect, unknown_outcome, missed; `platform` is facebook or linkedin. Both become label
 * values, so they must come from those fixed sets, never from an error message.
 */
export function recordPublishOutcome(outcome: string, platform: string): void {
  publishOutcomes.inc({ outcome, platform });
}

/** Observes how late a publication went out: publishedAt − scheduledAt, in ms (negative counts as 0). */
export function observePublishLateness(ms: number, platform: string): void {
  publishLateness.observe({ platform }, Math.max(0, ms) / 1000);
}

/** Observes one HTTP request; `route` must be a pattern (bounded), never a raw URL. Duration in seconds. */
export function observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
  httpDuration.observe({ method, route, status: String(status) }, seconds);
}

/** This process's metrics in the Prometheus text format, with its content type. */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
