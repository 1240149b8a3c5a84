import { ConfigError, config } from '../server/config/index.js';
import { logger } from '../server/lib/logger.js';
import { onShutdown } from '../server/lifecycle.js';
import { openRuntime } from '../server/runtime.js';
import { startWorkers } from './index.js';

/** Production worker process: runs the queue workers; closing drains the jobs in flight. */
async function main(): Promise<void> {
  const runtime = await openRuntime(config(), { embedded: config().NODE_ENV !== 'production' });
  await startWorkers();
  logger.info('worker process started');
  onShutdown([runtime.close]);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else logger.fatal({ err }, 'worker process failed to start');
  process.exit(1);
});
