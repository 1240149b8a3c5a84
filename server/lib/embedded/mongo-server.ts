import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { toolPaths } from '../../config/index.js';
import { ensureFerretdbBinary, ferretdbBinaryPath, goAvailable, startFerretdb } from './ferretdb.js';
import { type ManagedProcess, portAnswers } from './process.js';

export interface MongoTarget extends ManagedProcess {
  uri: string;
  /** Which server answered: the given URI, a local mongod, FerretDB or a downloaded mongod. */
  kind: 'uri' | 'mongod' | 'ferretdb' | 'mongodb-memory-server';
}

function systemMongod(given: string | undefined): string | undefined {
  if (given && existsSync(given)) return given;
  const which = spawnSync('sh', ['-c', 'command -v mongod'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

async function startMemoryServer(dbPath: string, port: number, systemBinary?: string): Promise<MongoTarget> {
  const { MongoMemoryServer } = await import('mongodb-memory-server');
  const server = await MongoMemoryServer.create({
    instance: { dbPath, port, storageEngine: 'wiredTiger' },
    ...(systemBinary ? { binary: { systemBinary } } : {}),
  });
  return {
    uri: server.getUri(),
    kind: systemBinary ? 'mongod' : 'mongodb-memory-server',
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/**
 * Finds or starts a MongoDB-compatible server: MONGODB_URI, else a mongod on this machine,
 * else FerretDB (built once with Go), else mongodb-memory-server's download.
 */
export async function resolveMongo(options: {
  uri?: string;
  dataDir: string;
  port: number;
  /** A mongod to prefer (MONGOMS_SYSTEM_BINARY); default from the environment through config. */
  mongodBinary?: string;
}): Promise<MongoTarget> {
  if (options.uri) return { uri: options.uri, kind: 'uri', stop: async () => undefined };
  // Another Vitrine process (npm start, a script) already runs the embedded server: share it.
  if (await portAnswers(options.port)) {
    return { uri: `mongodb://127.0.0.1:${options.port}/`, kind: 'ferretdb', stop: async () => undefined };
  }
  const failures: string[] = [];

  const mongod = systemMongod(options.mongodBinary ?? toolPaths().mongodBinary);
  if (mongod) {
    try {
      return await startMemoryServer(path.join(options.dataDir, 'mongod'), options.port, mongod);
    } catch (err) {
      failures.push(`mongod at ${mongod}: ${(err as Error).message}`);
    }
  } else failures.push('no mongod on PATH (or MONGOMS_SYSTEM_BINARY)');

  if (existsSync(ferretdbBinaryPath()) || goAvailable()) {
    try {
      ensureFerretdbBinary();
      const ferret = await startFerretdb(path.join(options.dataDir, 'ferretdb'), options.port);
      return { ...ferret, kind: 'ferretdb' };
    } catch (err) {
      failures.push(`FerretDB: ${(err as Error).message}`);
    }
  } else failures.push('FerretDB: no cached launcher and no Go toolchain to build it');

  try {
    return await startMemoryServer(path.join(options.dataDir, 'mongod'), options.port);
  } catch (err) {
    failures.push(`mongodb-memory-server download: ${(err as Error).message}`);
  }

  throw new Error(
    `No MongoDB-compatible server could be found or started.\n${failures.map((f) => `  - ${f}`).join('\n')}\n` +
      'Ways out: set MONGODB_URI to a running MongoDB; or install mongod; or install Go (1.22+) so Vitrine can build FerretDB; or allow mongodb-memory-server to download mongod.',
  );
}
