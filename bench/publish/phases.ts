/** The benchmark's three phases, measured against the hub of ./hub.ts. */

import { mongoDb } from '../../server/lib/mongo.js';
import { getQueue } from '../../server/lib/queues.js';
import { rebuildCalendarIndex } from '../../server/modules/scheduling/calendar.service.js';
import { schedulePublications } from '../../server/modules/scheduling/scheduling.service.js';
import { systemUser } from '../../server/modules/users/user.service.js';
import { type CpuSample, cpuMsPer } from './cpu.js';
import type { BenchHub } from './hub.js';

const MAX_CHANNELS_PER_CALL = 20;
// Read through the driver: outside server/modules, models are reached only through services.
const publications = () => mongoDb().collection('publications');

export const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
export const round = (v: number) => Math.round(v * 100) / 100;

interface Call {
  adId: string;
  channelIds: string[];
  at: Date;
}

/** Every ad on every channel, 20 channels a call, all at `at`. */
function callsFor(adIds: string[], channelIds: string[], at: (i: number) => Date): Call[] {
  const calls: Call[] = [];
  for (const adId of adIds) {
    for (let c = 0; c < channelIds.length; c += MAX_CHANNELS_PER_CALL) {
      calls.push({ adId, channelIds: channelIds.slice(c, c + MAX_CHANNELS_PER_CALL), at: at(calls.length) });
    }
  }
  return calls;
}

/** Runs the calls through the scheduling service, `parallel` at a time; returns the seconds taken. */
async function runCalls(calls: Call[], parallel: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < calls.length) {
        const call = calls[next++]!;
        await schedulePublications(systemUser, {
          adId: call.adId,
          channelIds: call.channelIds,
          at: call.at.toISOString(),
        });
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

/**
 * Forgets every publication, claim and publish job (between phases), and rebuilds the
 * calendar's read model from what is left (nothing), as the reconciler would once it saw the
 * deletes: otherwise the workers' first reconcile rebuilds it during the next phase.
 */
export async function clearPublications(): Promise<void> {
  await getQueue('publish').obliterate({ force: true });
  await publications().deleteMany({});
  await mongoDb().collection('publication_claims').deleteMany({});
  await rebuildCalendarIndex();
}

/** Phase 1: 10,000 publications (ads × channels) a month ahead, through the service. */
export async function scheduleMany(hub: BenchHub, parallel: number, cpu: () => CpuSample) {
  const at = new Date(Date.now() + 30 * 86_400_000);
  const calls = callsFor(hub.adIds, hub.channelIds, () => at);
  const cpuBefore = cpu();
  const seconds = await runCalls(calls, parallel);
  const cpuAfter = cpu();
  const count = await publications().countDocuments({ scheduledAt: at });
  const jobs = await getQueue('publish').getDelayedCount();
  return {
    seconds,
    calls: calls.length,
    publications: count,
    delayed_jobs: jobs,
    cpu_ms_per_publication: cpuMsPer(cpuBefore, cpuAfter, count),
  };
}

type Settled = { status: string; scheduledAt: Date; publishedAt?: Date; attempt?: { startedAt?: Date } };

/**
 * Waits until the publish queue holds no job (every publication of the phase settled: a
 * retry or a read-back is a job too), or `ms` passed; then reads the publications once.
 * Polling the queue rather than the collection keeps the bench's own reads out of the figures.
 */
async function settle(filter: Record<string, unknown>, ms: number): Promise<Settled[]> {
  const end = Date.now() + ms;
  const queue = getQueue('publish');
  while (Date.now() < end) {
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return (await publications()
    .find(filter, { projection: { status: 1, scheduledAt: 1, publishedAt: 1, 'attempt.startedAt': 1 } })
    .toArray()) as unknown as Settled[];
}

const byStatus = (docs: Settled[]) =>
  docs.reduce<Record<string, number>>((acc, d) => {
    acc[d.status] = (acc[d.status] ?? 0) + 1;
    return acc;
  }, {});

/**
 * Phase 2: `instants` distinct near-future times, `perInstant` channels each, spread over
 * `spreadMs` from `leadMs` ahead. Lateness: when the platform call began (and when the
 * post was recorded) against the time it was scheduled for.
 */
export async function lateness(
  hub: BenchHub,
  o: { adIds: string[]; instants: number; perInstant: number; leadMs: number; spreadMs: number },
) {
  const base = Date.now() + o.leadMs;
  const step = o.spreadMs / o.instants;
  const calls: Call[] = Array.from({ length: o.instants }, (_, i) => ({
    adId: o.adIds[i % o.adIds.length]!,
    channelIds: Array.from(
      { length: o.perInstant },
      (_, k) => hub.channelIds[(i * o.perInstant + k) % hub.channelIds.length]!,
    ),
    at: new Date(base + Math.round(i * step)),
  }));
  const scheduling_s = await runCalls(calls, 4);
  if (Date.now() > base)
    throw new Error(`scheduling the lateness phase took ${scheduling_s} s, past its lead`);
  const total = o.instants * o.perInstant;
  const docs = await settle({ scheduledAt: { $gte: new Date(base) } }, o.leadMs + o.spreadMs + 120_000);
  const started = docs
    .filter((d) => d.attempt?.startedAt)
    .map((d) => d.attempt!.startedAt!.getTime() - d.scheduledAt.getTime())
    .sort((a, b) => a - b);
  const published = docs
    .filter((d) => d.publishedAt)
    .map((d) => d.publishedAt!.getTime() - d.scheduledAt.getTime())
    .sort((a, b) => a - b);
  return {
    publications: total,
    statuses: byStatus(docs),
    scheduling_s: round(scheduling_s),
    started_p50_ms: quantile(started, 0.5),
    started_p99_ms: quantile(started, 0.99),
    started_max_ms: started.at(-1) ?? Number.NaN,
    published_p50_ms: quantile(published, 0.5),
    published_p99_ms: quantile(published, 0.99),
    published_max_ms: published.at(-1) ?? Number.NaN,
  };
}

/** Phase 3: every ad of `adIds` on every channel, all due at one instant; posts per second. */
export async function throughput(
  hub: BenchHub,
  adIds: string[],
  o: { leadMs: number; timeoutMs: number; cpu: () => CpuSample },
) {
  const at = new Date(Date.now() + o.leadMs);
  const calls = callsFor(adIds, hub.channelIds, () => at);
  const scheduling_s = await runCalls(calls, 4);
  if (Date.now() > at.getTime()) throw new Error(`scheduling took ${scheduling_s} s, past the due time`);
  const total = adIds.length * hub.channelIds.length;
  await new Promise((r) => setTimeout(r, Math.max(0, at.getTime() - Date.now())));
  const cpuBefore = o.cpu();
  const docs = await settle({ scheduledAt: at }, o.leadMs + o.timeoutMs);
  const cpuAfter = o.cpu();
  const sent = docs.filter((d) => d.status === 'published' && d.publishedAt && d.attempt?.startedAt);
  const first = Math.min(...sent.map((d) => d.attempt!.startedAt!.getTime()));
  const last = Math.max(...sent.map((d) => d.publishedAt!.getTime()));
  const seconds = (last - first) / 1000;
  return {
    publications: total,
    statuses: byStatus(docs),
    scheduling_s: round(scheduling_s),
    first_start_after_due_ms: first - at.getTime(),
    seconds: round(seconds),
    posts_per_s: round(sent.length / seconds),
    // From the due time until the queue was empty: what one post costs each process.
    cpu_ms_per_post: cpuMsPer(cpuBefore, cpuAfter, sent.length),
  };
}
