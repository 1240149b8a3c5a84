import { createServer } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, config } from './config/index.js';
import { logger } from './lib/logger.js';
import { closeHttp, onShutdown } from './lifecycle.js';
import { openRuntime } from './runtime.js';

/** Production web process: needs MONGODB_URI and REDIS_URL; workers run in their own process. */
async function main(): Promise<void> {
  const runtime = await openRuntime(config(), { embedded: config().NODE_ENV !== 'production' });
  const server = createServer(createApp());
  server.listen(runtime.config.PORT, () =>
    logger.info({ url: runtime.config.publicUrl }, 'web process listening'),
  );
  onShutdown([closeHttp(server), runtime.close]);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else logger.fatal({ err }, 'web process failed to start');
  process.exit(1);
});
