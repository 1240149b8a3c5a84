import { config } from '../server/config/index.js';
import { withLock } from '../server/lib/locks.js';
import { logger } from '../server/lib/logger.js';
import { onQueuesClose } from '../server/lib/queues.js';
import { preflight } from '../server/modules/scheduling/preflight.service.js';
import { reconcile } from '../server/modules/scheduling/reconcile.service.js';
import { collectUnusedRenders } from '../server/use-cases/collect-unused-renders.js';
import { startMaintenanceWorker } from './maintenance.worker.js';
import { startPublishWorker } from './publish.worker.js';
import { startRenderWorker } from './render.worker.js';
import { startReportsWorker } from './reports.worker.js';
import { startStatsWorker } from './stats.worker.js';

/**
 * Runs a task now and every `every` ms in this process, one process at a time (Redis lock).
 * In-process rather than a BullMQ repeatable job: the reconciler must run after Redis lost
 * everything, including the job schedulers.
 */
function every(name: string, everyMs: number, task: () => Promise<unknown>): void {
  const run = async () => {
    try {
      const result = await withLock(name, Math.max(everyMs, 30_000), task);
      if (result !== undefined) logger.debug({ task: name, result }, 'periodic task done');
    } catch (err) {
      logger.error({ err, task: name }, 'periodic task failed; it runs again at its next interval');
    }
  };
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  onQueuesClose(() => clearInterval(timer));
}

/**
 * Starts every queue worker in this process (and the stats job scheduler), and the periodic
 * reconcile and pre-flight runs.
 * Each worker file is a thin process function around a service; this list is the only place
 * that knows them all.
 */
export async function startWorkers(): Promise<void> {
  const cfg = config();
  startRenderWorker();
  startPublishWorker();
  await startStatsWorker();
  await startMaintenanceWorker({
    reconcile: () => reconcile(),
    preflight: () => preflight(),
    cleanup: () => collectUnusedRenders(),
  });
  await startReportsWorker();
  every('reconcile', cfg.RECONCILE_INTERVAL_MS, () => reconcile());
  every('preflight', cfg.PREFLIGHT_INTERVAL_MS, () => preflight());
  every('collect-unused-renders', 6 * 3_600_000, () => collectUnusedRenders());
}
