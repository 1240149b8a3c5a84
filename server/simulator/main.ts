import { createServer } from 'node:http';
import express from 'express';
import { ConfigError, config } from '../config/index.js';
import { resolveMongo } from '../lib/embedded/mongo-server.js';
import { resolveRedis } from '../lib/embedded/redis-server.js';
import { logger } from '../lib/logger.js';
import { connectMongo, disconnectMongo } from '../lib/mongo.js';
import { connectRedis, disconnectRedis } from '../lib/redis.js';
import { closeHttp, onShutdown } from '../lifecycle.js';
import { createSimulator } from './simulator.app.js';

/** The simulator alone: `tsx server/simulator/main.ts`, mounted at /sandbox on PORT (MongoDB and Redis as the app finds them). */
async function main(): Promise<void> {
  const cfg = config();
  const mongo = await resolveMongo({ uri: cfg.MONGODB_URI, dataDir: cfg.dataDir, port: cfg.FERRETDB_PORT });
  await connectMongo(mongo.uri, mongo.kind === 'uri' ? undefined : 'vitrine');
  const redisTarget = await resolveRedis({ url: cfg.REDIS_URL, dataDir: cfg.dataDir });
  await connectRedis(redisTarget.url);
  const app = express();
  app.disable('x-powered-by');
  app.use('/sandbox', createSimulator({ publicUrl: `${cfg.publicUrl}/sandbox` }));
  const server = createServer(app);
  server.listen(cfg.PORT, () =>
    logger.info({ url: `${cfg.publicUrl}/sandbox` }, 'platform simulator listening'),
  );
  onShutdown([
    closeHttp(server),
    disconnectRedis,
    disconnectMongo,
    () => redisTarget.stop(),
    () => mongo.stop(),
  ]);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else logger.fatal({ err }, 'platform simulator failed to start');
  process.exit(1);
});
