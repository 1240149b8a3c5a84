import { ConfigError, config } from '../server/config/index.js';
import { logger } from '../server/lib/logger.js';
import { closeHttp, onShutdown } from '../server/lifecycle.js';
import { startMetricsServer } from '../server/modules/operations/metrics-server.js';
import { openRuntime } from '../server/runtime.js';
import { startWorkers } from './index.js';

/**
 * Production worker process: runs the queue workers; closing drains the jobs in flight.
 * Its publish counters live here, so with METRICS_PORT it serves its own /metrics.
 */
async function main(): Promise<void> {
  const runtime = await openRuntime(config(), { embedded: config().NODE_ENV !== 'production' });
  await startWorkers();
  const port = runtime.config.METRICS_PORT;
  const metrics = port === undefined ? undefined : await startMetricsServer(port);
  logger.info('worker process started');
  onShutdown([...(metrics ? [closeHttp(metrics)] : []), runtime.close]);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else logger.fatal({ err }, 'worker process failed to start');
  process.exit(1);
});
