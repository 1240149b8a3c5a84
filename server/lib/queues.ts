import {
  type JobsOptions,
  type Processor,
  Queue,
  type QueueOptions,
  Worker,
  type WorkerOptions,
} from 'bullmq';
import type { Redis } from 'ioredis';
import { config } from '../config/index.js';
import { logger } from './logger.js';
import { createRedis } from './redis.js';

/** Payload of each queue's jobs, by queue name. */
export interface QueuePayloads {
  render: { adId: string; format?: string };
  /** `verify`: the read-back attempt number after an unknown outcome, instead of publishing. */
  publish: { publicationId: string; fence: number; verify?: number };
  stats: { publicationId?: string };
  /**
   * `month`: "YYYY-MM", or "previous" (the month before the job runs, hub time); `by`: the user
   * who asked; `resend`: email a rebuild's new versions too.
   */
  reports: { month: string; scope?: string; rebuild?: boolean; resend?: boolean; by?: string };
  maintenance: { task: 'token-expiry' | 'reconcile' | 'token-refresh' | 'preflight' | 'cleanup' };
}
export type QueueName = keyof QueuePayloads;
export const queueNames: QueueName[] = ['render', 'publish', 'stats', 'reports', 'maintenance'];

/** Defaults that keep job ids reusable: BullMQ ignores an add whose id is still kept. */
export const defaultJobOptions: JobsOptions = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 10_000 },
};

interface QueueContext {
  url: string;
  prefix: string;
  connection: Redis;
  queues: Map<QueueName, Queue>;
  workers: Worker[];
  /** Stopped first on close: periodic tasks that use the queues. */
  stoppers: (() => void)[];
}

let ctx: QueueContext | undefined;

/** Sets up the queue layer: one shared connection for producers, one per worker. */
export function initQueues(url: string, prefix: string): void {
  ctx = {
    url,
    prefix: `${prefix}-bull`,
    connection: createRedis(url),
    queues: new Map(),
    workers: [],
    stoppers: [],
  };
}

function context(): QueueContext {
  if (!ctx) throw new Error('Queues are not initialised: call initQueues first');
  return ctx;
}

export function getQueue<N extends QueueName>(name: N): Queue<QueuePayloads[N]> {
  const c = context();
  let queue = c.queues.get(name);
  if (!queue) {
    const options: QueueOptions = { connection: c.connection, prefix: c.prefix, defaultJobOptions };
    queue = new Queue(name, options);
    c.queues.set(name, queue);
  }
  return queue as unknown as Queue<QueuePayloads[N]>;
}

/**
 * Job ids derive from the record a job acts on, so the same job cannot be queued
 * twice. BullMQ forbids ':' in custom ids.
 */
export function jobId(...parts: string[]): string {
  return parts.join('-').replaceAll(':', '_');
}

export async function addJob<N extends QueueName>(
  name: N,
  data: QueuePayloads[N],
  options: JobsOptions & { jobId: string },
): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: BullMQ's generic name types do not line up with ours
  await (getQueue(name) as Queue<any>).add(name, data, options);
}

export function startWorker<N extends QueueName>(
  name: N,
  processor: Processor<QueuePayloads[N]>,
  options: Partial<WorkerOptions> = {},
): Worker<QueuePayloads[N]> {
  const c = context();
  const worker = new Worker<QueuePayloads[N]>(name, processor, {
    connection: createRedis(c.url),
    prefix: c.prefix,
    concurrency: config().WORKER_CONCURRENCY,
    lockDuration: config().WORKER_LOCK_MS,
    stalledInterval: config().WORKER_LOCK_MS,
    ...options,
  });
  // Connection trouble (a Redis restart or flush) is reported here rather than on the console.
  worker.on('error', (err) => logger.warn({ err, queue: name }, 'queue worker error'));
  c.workers.push(worker as Worker);
  return worker;
}

/** Registers something to stop when the queues close (a periodic task's timer). */
export function onQueuesClose(stop: () => void): void {
  context().stoppers.push(stop);
}

/** Closes workers first (they finish the jobs in flight), then queues and the connection. */
export async function closeQueues(): Promise<void> {
  if (!ctx) return;
  const c = ctx;
  ctx = undefined;
  for (const stop of c.stoppers) stop();
  await Promise.all(c.workers.map((w) => w.close()));
  await Promise.all([...c.queues.values()].map((q) => q.close()));
  await c.connection.quit().catch(() => undefined);
}
