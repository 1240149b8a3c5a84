import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { type Config, loadConfig, setConfig } from '../../server/config/index.js';
import { connectMongo, disconnectMongo, syncIndexes } from '../../server/lib/mongo.js';
import { closeQueues, initQueues } from '../../server/lib/queues.js';
import { connectRedis, disconnectRedis, redis } from '../../server/lib/redis.js';
import type { Role } from '../../server/modules/users/user.model.js';
import { createApiToken, createUser, type PublicUser } from '../../server/modules/users/user.service.js';
import { HttpClient } from './http.js';

export const testPassword = 'correct horse battery staple';

export interface TestUser {
  user: PublicUser;
  password: string;
  /** Client authenticated with a personal API token (Bearer). */
  api: HttpClient;
}

export interface TestApp {
  config: Config;
  baseUrl: string;
  /** Unauthenticated client that keeps cookies (for sign-in and dashboard tests). */
  anonymous(): HttpClient;
  /** Creates a user of that role (a member needs its enterprise id) with an API token. */
  createUser(
    role: Role,
    options?: { enterpriseId?: string; email?: string; locale?: 'fr' | 'en' },
  ): Promise<TestUser>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment for loadConfig (e.g. { WORKERS: 'true' }). */
  env?: Record<string, string>;
  /** Runs after connections are open and before the app is built: start workers, seed data. */
  beforeApp?: (config: Config) => Promise<void> | void;
  /** A Redis of this file's own instead of the shared one (a test that flushes it). */
  redisUrl?: string;
}

/**
 * A real Vitrine web process for one test file: its own database on the shared
 * MongoDB-compatible server, its own Redis prefix, a real HTTP server on a free port.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const id = randomUUID().replaceAll('-', '').slice(0, 10);
  const mongoUri = inject('mongoUri');
  const redisUrl = options.redisUrl ?? inject('redisUrl');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `vitrine-${id}-`));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const config = setConfig(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      MONGODB_URI: mongoUri,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `t${id}`,
      DATA_DIR: dataDir,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DEMO_DATA: 'false',
      WORKERS: 'false',
      ...options.env,
    }),
  );
  await connectMongo(mongoUri, `vitrine_t${id}`);
  await connectRedis(redisUrl);
  initQueues(redisUrl, config.REDIS_PREFIX);
  await options.beforeApp?.(config);
  const { createApp } = await import('../../server/app.js');
  await syncIndexes();
  server.on('request', createApp());

  let counter = 0;
  return {
    config,
    baseUrl,
    anonymous: () => new HttpClient(baseUrl, undefined, true),
    async createUser(role, opts = {}) {
      counter += 1;
      const user = await createUser({
        email: opts.email ?? `${role}${counter}@example.test`,
        name: `${role} ${counter}`,
        password: testPassword,
        role,
        enterpriseId: opts.enterpriseId,
        locale: opts.locale ?? 'fr',
      });
      const { token } = await createApiToken(user.id, 'tests');
      return { user, password: testPassword, api: new HttpClient(baseUrl, token) };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await closeQueues();
      const keys = await redis().keys(`${config.REDIS_PREFIX}*`);
      if (keys.length > 0) await redis().del(...keys);
      await disconnectRedis();
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await disconnectMongo();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
