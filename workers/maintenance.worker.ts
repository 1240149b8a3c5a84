import type { Job } from 'bullmq';
import { logger } from '../server/lib/logger.js';
import { getQueue, type QueuePayloads, startWorker } from '../server/lib/queues.js';
import {
  flagExpiredTokens,
  refreshExpiringTokens,
  verifyConnectedChannels,
} from '../server/modules/channels/channel-tokens.service.js';

type MaintenanceTask = QueuePayloads['maintenance']['task'];
type Handler = () => Promise<unknown>;

const tokenTasks: Partial<Record<MaintenanceTask, Handler>> = {
  'token-refresh': refreshExpiringTokens,
  'token-expiry': async () => ({ expired: await flagExpiredTokens(), ...(await verifyConnectedChannels()) }),
};

/** How often each token task runs. */
const schedules: [MaintenanceTask, number][] = [
  ['token-refresh', 6 * 3600_000],
  ['token-expiry', 3600_000],
];

/**
 * The maintenance queue's worker. Token refresh and expiry are handled here; other
 * tasks (reconcile) are passed in by their owners, and an unknown task fails the job.
 */
export async function startMaintenanceWorker(others: Partial<Record<MaintenanceTask, Handler>> = {}) {
  const handlers = { ...others, ...tokenTasks };
  const worker = startWorker('maintenance', async (job: Job<QueuePayloads['maintenance']>) => {
    const handler = handlers[job.data.task];
    if (!handler) throw new Error(`No handler for maintenance task ${job.data.task}`);
    const result = await handler();
    logger.info({ task: job.data.task, result }, 'maintenance task done');
    return result;
  });
  const queue = getQueue('maintenance');
  for (const [task, every] of schedules) {
    await queue.upsertJobScheduler(`maintenance-${task}`, { every }, { name: 'maintenance', data: { task } });
  }
  return worker;
}
