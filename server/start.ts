import { createServer } from 'node:http';
import { startWorkers } from '../workers/index.js';
import { createApp } from './app.js';
import { formatCredentials, prepareData } from './bootstrap.js';
import { ConfigError, config } from './config/index.js';
import { closeHttp, onShutdown } from './lifecycle.js';
import { seedDemoChannelsIfNone } from './modules/demo/demo-channels.js';
import { openRuntime } from './runtime.js';

/**
 * `npm start`: one process with the web server and the workers, on embedded defaults
 * (a MongoDB-compatible server and Redis it finds or starts itself), demo data on first run.
 */
async function main(): Promise<void> {
  const runtime = await openRuntime(config());
  const cfg = runtime.config;
  const credentials = await prepareData(cfg);
  if (cfg.WORKERS) await startWorkers();
  const server = createServer(createApp());
  await new Promise<void>((resolve) => server.listen(cfg.PORT, resolve));
  await seedDemoChannelsIfNone();
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
