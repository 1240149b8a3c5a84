import { type Config, config, setConfig } from './config/index.js';
import { type MongoTarget, resolveMongo } from './lib/embedded/mongo-server.js';
import { type RedisTarget, resolveRedis } from './lib/embedded/redis-server.js';
import { logger } from './lib/logger.js';
import { connectMongo, disconnectMongo } from './lib/mongo.js';
import { closeQueues, initQueues } from './lib/queues.js';
import { connectRedis, disconnectRedis } from './lib/redis.js';
import './modules/models.js';

export interface Runtime {
  config: Config;
  mongo: MongoTarget;
  redis: RedisTarget;
  /** Closes queues, connections and any server this runtime started, in that order. */
  close(): Promise<void>;
}

/**
 * Opens everything a process needs: the MongoDB-compatible server (given or embedded),
 * Redis (given, local or started), the Mongoose and Redis connections and the queues.
 * Used by `npm start`, the production entry points and the tests alike.
 */
export async function openRuntime(
  cfg: Config = config(),
  options: { embedded?: boolean } = {},
): Promise<Runtime> {
  const embedded = options.embedded ?? true;
  if (!embedded && (!cfg.MONGODB_URI || !cfg.REDIS_URL)) {
    throw new Error('MONGODB_URI and REDIS_URL are required in production (NODE_ENV=production).');
  }
  const mongo = await resolveMongo({ uri: cfg.MONGODB_URI, dataDir: cfg.dataDir, port: cfg.FERRETDB_PORT });
  const redisTarget = await resolveRedis({ url: cfg.REDIS_URL, dataDir: cfg.dataDir });
  logger.info({ mongodb: mongo.kind, redis: redisTarget.kind }, 'data stores resolved');
  await connectMongo(mongo.uri, mongo.kind === 'uri' ? undefined : 'vitrine');
  await connectRedis(redisTarget.url);
  initQueues(redisTarget.url, cfg.REDIS_PREFIX);
  const resolved = setConfig(
    Object.freeze({ ...cfg, MONGODB_URI: cfg.MONGODB_URI ?? mongo.uri, REDIS_URL: redisTarget.url }),
  );

  return {
    config: resolved,
    mongo,
    redis: redisTarget,
    async close() {
      await closeQueues();
      await disconnectRedis();
      await disconnectMongo();
      await redisTarget.stop();
      await mongo.stop();
    },
  };
}
