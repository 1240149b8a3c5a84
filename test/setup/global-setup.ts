import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { resolveMongo } from '../../server/lib/embedded/mongo-server.js';
import { freePort } from '../../server/lib/embedded/process.js';
import { resolveRedis } from '../../server/lib/embedded/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    redisUrl: string;
  }
}

/**
 * Starts one MongoDB-compatible server (FerretDB unless TEST_MONGODB_URI or a mongod is
 * there) and finds Redis, once for the whole run. Each test file then uses its own
 * database and Redis prefix (test/setup/app.ts).
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vitrine-test-'));
  const mongo = await resolveMongo({ uri: process.env.TEST_MONGODB_URI, dataDir, port: await freePort() });
  const redis = await resolveRedis({ url: process.env.TEST_REDIS_URL, dataDir, port: await freePort() });
  process.stderr.write(`[test] MongoDB: ${mongo.kind} ${mongo.uri} · Redis: ${redis.kind} ${redis.url}\n`);
  project.provide('mongoUri', mongo.uri);
  project.provide('redisUrl', redis.url);
  return async () => {
    await mongo.stop();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
