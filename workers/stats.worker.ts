import type { Job } from 'bullmq';
import { config } from '../server/config/index.js';
import { logger } from '../server/lib/logger.js';
import { getQueue, type QueuePayloads, startWorker } from '../server/lib/queues.js';
import { collectDueStats } from '../server/use-cases/collect-stats.js';

/** The id of the job scheduler that ticks the stats queue. */
export const STATS_SCHEDULER_ID = 'stats-collect';

/** One tick: reads the metrics of every published post that is due. Failures fail the job. */
export async function processStats(_job: Job<QueuePayloads['stats']>) {
  const result = await collectDueStats();
  if (result.claimed > 0) logger.info(result, 'stats collected');
  return result;
}

/**
 * The stats queue's worker, and its job scheduler (every STATS_TICK_MS): one job at a time
 * per process, since each tick already reads many channels at once.
 */
export async function startStatsWorker() {
  const worker = startWorker('stats', processStats, { concurrency: 1, lockDuration: 5 * 60_000 });
  await getQueue('stats').upsertJobScheduler(
    STATS_SCHEDULER_ID,
    { every: config().STATS_TICK_MS },
    { name: 'stats', data: {}, opts: { attempts: 1 } },
  );
  return worker;
}
