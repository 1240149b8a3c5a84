/**
 * The benchmark's own Vitrine: a fresh database (see startStore), a unique Redis prefix,
 * the web app (with the simulator at /sandbox) in this process, and a hub with channels
 * and rendered ads.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import { type Config, loadConfig, setConfig } from '../../server/config/index.js';
import { FERRETDB_VERSION, startFerretdb } from '../../server/lib/embedded/ferretdb.js';
import { freePort, portAnswers } from '../../server/lib/embedded/process.js';
import { connectMongo, disconnectMongo, syncIndexes } from '../../server/lib/mongo.js';
import { closeQueues, getQueue, initQueues } from '../../server/lib/queues.js';
import { connectRedis, disconnectRedis, redis } from '../../server/lib/redis.js';
import { sandboxAdminKey, sandboxKeyHeader } from '../../server/lib/sandbox-key.js';
import { createAd } from '../../server/modules/ads/ad.service.js';
import { createCampaign } from '../../server/modules/campaigns/campaign.service.js';
import { connectSandbox } from '../../server/modules/channels/channel.service.js';
import { createEnterprise } from '../../server/modules/enterprises/enterprise.service.js';
import { systemUser } from '../../server/modules/users/user.service.js';
import { renderAd } from '../../server/use-cases/render-ad.js';
import '../../server/modules/models.js';
import { addContainmentIndexes, vacuumSchema } from './pg-indexes.js';

/**
 * The fields the scheduling and publishing paths (web, workers, simulator) filter by
 * equality, read off pg_stat_user_indexes after a run: only these get a GIN index here.
 * Dates (scheduledAt, statsDueAt) are filtered by range, which `@>` does not serve.
 */
const PUBLISH_PATH_EQUALITY_FIELDS = ['_id', 'adId', 'status', 'channelId', 'platform', 'externalId', 'slug'];

export interface BenchHub {
  config: Config;
  /** Which MongoDB-protocol server the figures were measured on. */
  store: string;
  /** The FerretDB process, when the bench started one (for its CPU time). */
  storePid?: number;
  /** The environment a worker process needs to join this hub. */
  workerEnv: Record<string, string>;
  channelIds: string[];
  adIds: string[];
  /** The database's own upkeep after a phase deleted its rows (VACUUM on PostgreSQL; else nothing). */
  upkeep(): Promise<void>;
  close(): Promise<void>;
}

export async function startHub(options: {
  channels: number;
  ads: number;
  env: Record<string, string>;
}): Promise<BenchHub> {
  const id = randomUUID().replaceAll('-', '').slice(0, 10);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `vitrine-bench-${id}-`));
  const store = await startStore(dataDir);
  const mongoUri = `${store.uri.replace(/\/$/, '')}/vitrine_bench_${id}`;
  const redisUrl = 'redis://127.0.0.1:6379';
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = benchEnv({
    baseUrl,
    mongoUri,
    redisUrl,
    prefix: `bench-publish-${id}`,
    dataDir,
    extra: options.env,
  });
  const config = setConfig(loadConfig(env));

  // Everything after the store started is undone, whatever step failed.
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    try {
      await closeQueues().catch(() => undefined);
      await dropRedisKeys(config.REDIS_PREFIX).catch(() => undefined);
      await disconnectRedis().catch(() => undefined);
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await disconnectMongo().catch(() => undefined);
    } finally {
      await store.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    await connectMongo(mongoUri);
    await connectRedis(redisUrl);
    initQueues(redisUrl, config.REDIS_PREFIX);
    const { createApp } = await import('../../server/app.js');
    await syncIndexes();
    server.on('request', createApp());
    if (store.postgresqlUrl) {
      await addContainmentIndexes(store.postgresqlUrl, `vitrine_bench_${id}`, PUBLISH_PATH_EQUALITY_FIELDS);
    }
    const { channelIds, adIds } = await seed(config, baseUrl, options.channels, options.ads);
    return {
      config,
      store: store.name,
      ...(store.pid ? { storePid: store.pid } : {}),
      workerEnv: env,
      channelIds,
      adIds,
      upkeep: async () => {
        if (store.postgresqlUrl) await vacuumSchema(store.postgresqlUrl, `vitrine_bench_${id}`);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Deletes every Redis key under a benchmark's prefix (at the end of its run). */
export async function dropRedisKeys(prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const batch of redis().scanStream({ match: `${prefix}*`, count: 1000 }))
    keys.push(...(batch as string[]));
  for (let i = 0; i < keys.length; i += 1000) await redis().del(...keys.slice(i, i + 1000));
}

/** Load averages (1, 5 and 15 min) as a result file writes them: read every figure against them. */
export const loadOf = ([m1, m5, m15]: number[]) => ({
  '1m': Math.round(m1! * 100) / 100,
  '5m': Math.round(m5! * 100) / 100,
  '15m': Math.round(m15! * 100) / 100,
});

/**
 * A benchmark's Vitrine settings: development mode, quiet logs, fresh secrets, no demo data
 * and no in-process workers, on the given stores; `extra` adds or overrides variables.
 */
export function benchEnv(o: {
  baseUrl: string;
  mongoUri: string;
  redisUrl: string;
  prefix: string;
  dataDir: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: o.baseUrl,
    MONGODB_URI: o.mongoUri,
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.prefix,
    DATA_DIR: o.dataDir,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DEMO_DATA: 'false',
    WORKERS: 'false',
    ...o.extra,
  };
}

const LOCAL_POSTGRESQL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The server the bench measures on: MONGODB_URI when given (a real MongoDB, as in
 * production); else FerretDB on PostgreSQL when one answers (BENCH_POSTGRESQL_URL, default
 * the local server); else FerretDB on SQLite, which scans every collection for any filter
 * but `_id`. BENCH_STORE=sqlite forces SQLite.
 */
export async function startStore(
  dataDir: string,
): Promise<{ name: string; uri: string; pid?: number; postgresqlUrl?: string; stop(): Promise<void> }> {
  const given = process.env.MONGODB_URI;
  if (given) return { name: 'MongoDB at MONGODB_URI', uri: given, stop: async () => undefined };
  const port = await freePort();
  const dir = path.join(dataDir, 'ferretdb');
  const postgresqlUrl = process.env.BENCH_POSTGRESQL_URL ?? LOCAL_POSTGRESQL;
  if (
    process.env.BENCH_STORE !== 'sqlite' &&
    (await portAnswers(Number(new URL(postgresqlUrl).port || 5432)))
  ) {
    const ferret = await startFerretdb(dir, port, { postgresqlUrl });
    return {
      name: `FerretDB ${FERRETDB_VERSION} (PostgreSQL backend, ${new URL(postgresqlUrl).host}; GIN indexes beside FerretDB's, see pg-indexes.ts)`,
      postgresqlUrl,
      ...ferret,
    };
  }
  const ferret = await startFerretdb(dir, port);
  return { name: `FerretDB ${FERRETDB_VERSION} (SQLite backend) in a fresh directory`, ...ferret };
}

/**
 * The simulator answers at once: LinkedIn's image processing (300 ms by default, during which
 * the adapter polls the image) is set to 0 on each sandbox organization, through the
 * simulator's fault settings, as Vitrine's own processes reach them.
 */
async function withoutProcessingDelay(baseUrl: string, platform: string, externalId: string): Promise<void> {
  const answer = await fetch(`${baseUrl}/sandbox/_admin/faults/${platform}/${externalId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', [sandboxKeyHeader]: sandboxAdminKey() },
    body: JSON.stringify({ processingMs: 0 }),
  });
  if (!answer.ok) throw new Error(`simulator faults refused: ${answer.status} ${await answer.text()}`);
}

/** One enterprise, a campaign running for two months, sandbox channels and rendered ads. */
async function seed(config: Config, baseUrl: string, channels: number, ads: number) {
  const enterprise = await createEnterprise(systemUser, {
    name: 'Coopérative du banc d’essai',
    legalForm: 'worker_coop',
    territory: 'Sherbrooke',
    sector: 'food',
  });
  const today = DateTime.now().setZone(config.HUB_TIMEZONE);
  const campaign = await createCampaign(systemUser, {
    name: 'Campagne du banc d’essai',
    period: { start: today.minus({ days: 1 }).toISODate()!, end: today.plus({ days: 60 }).toISODate()! },
    enterpriseIds: [enterprise.id],
  });
  const channelIds: string[] = [];
  for (let i = 0; i < channels; i += 1) {
    const platform = i % 2 === 0 ? 'facebook' : 'linkedin';
    const channel = await connectSandbox({ platform, name: `Banc ${platform} ${i}` });
    if (platform === 'linkedin') await withoutProcessingDelay(baseUrl, platform, channel.externalId);
    channelIds.push(channel.id);
  }
  const adIds: string[] = [];
  for (let i = 0; i < ads; i += 1) {
    const ad = await createAd(systemUser, {
      campaignId: campaign.id,
      enterpriseIds: [enterprise.id],
      templateId: 'vitrine-produit',
      fields: { headline: 'Du pain pour tous' },
      caption: { default: `Annonce ${i} du banc d’essai` },
    });
    // Rendered now, so no publish renders inline; the same design is stored once.
    await renderAd(ad.id);
    adIds.push(ad.id);
  }
  // The render jobs createAd queued have nothing left to do.
  await getQueue('render').obliterate({ force: true });
  return { channelIds, adIds };
}
