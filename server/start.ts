import { startWorkers } from '../workers/index.js';
import { formatCredentials, serveWeb } from './bootstrap.js';
import { ConfigError, config } from './config/index.js';
import { closeHttp, onShutdown } from './lifecycle.js';
import { openRuntime } from './runtime.js';

/**
 * `npm start`: one process with the web server and the workers, on embedded defaults
 * (a MongoDB-compatible server and Redis it finds or starts itself), demo data on first run.
 */
async function main(): Promise<void> {
  const runtime = await openRuntime(config());
  const cfg = runtime.config;
  if (cfg.WORKERS) await startWorkers();
  const { server, credentials } = await serveWeb(cfg);
  process.stdout.write(
    `\nVitrine is running at ${cfg.publicUrl}\n  MongoDB: ${runtime.mongo.kind} · Redis: ${runtime.redis.kind} · data in ${cfg.dataDir}\n\n${formatCredentials(credentials)}\n`,
  );
  onShutdown([closeHttp(server), runtime.close]);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`Vitrine could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
