import { formatCredentials, serveWeb } from './bootstrap.js';
import { ConfigError, config } from './config/index.js';
import { logger } from './lib/logger.js';
import { closeHttp, onShutdown } from './lifecycle.js';
import { openRuntime } from './runtime.js';

/**
 * Production web process: needs MONGODB_URI and REDIS_URL; the workers run in their own
 * process. The first admin comes from ADMIN_EMAIL/ADMIN_PASSWORD; demo data only when
 * DEMO_DATA is on.
 */
async function main(): Promise<void> {
  const runtime = await openRuntime(config(), { embedded: config().NODE_ENV !== 'production' });
  const { server, credentials } = await serveWeb(runtime.config);
  logger.info({ url: runtime.config.publicUrl }, 'web process listening');
  if (credentials.length > 0) process.stdout.write(formatCredentials(credentials));
  onShutdown([closeHttp(server), runtime.close]);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else logger.fatal({ err }, 'web process failed to start');
  process.exit(1);
});
