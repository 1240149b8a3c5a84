import { startMaintenanceWorker } from './maintenance.worker.js';
import { startRenderWorker } from './render.worker.js';

/**
 * Starts every queue worker in this process. Each worker file is a thin process
 * function around a service; this list is the only place that knows them all.
 */
export async function startWorkers(): Promise<void> {
  startRenderWorker();
  await startMaintenanceWorker();
}
