import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, childEnvDefaults, toolPaths } from '../../config/index.js';
import { type ManagedProcess, waitForPort } from './process.js';

export const FERRETDB_VERSION = 'v1.24.2';
const launcherSource = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../scripts/ferretdb',
);

/** Where the built launcher is cached: outside the repo, keyed by its source, so later runs skip the build. */
export function ferretdbBinaryPath(cacheRoot = toolPaths().cacheDir): string {
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum'])
    hash.update(readFileSync(path.join(launcherSource, file)));
  return path.join(cacheRoot, `ferretdb-${FERRETDB_VERSION}-${hash.digest('hex').slice(0, 12)}`);
}

export function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds the FerretDB launcher once (a few minutes the first time: it compiles FerretDB
 * and its SQLite driver from the Go module proxy) and returns the cached binary's path.
 */
export function ensureFerretdbBinary(
  progress: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): string {
  const binary = ferretdbBinaryPath();
  if (existsSync(binary)) return binary;
  if (!goAvailable()) throw new Error('Go is not installed, so the FerretDB launcher cannot be built');
  mkdirSync(path.dirname(binary), { recursive: true });
  progress(`[vitrine] Building FerretDB ${FERRETDB_VERSION} (first run only, 2-5 minutes)...`);
  const started = Date.now();
  const tmp = `${binary}.${process.pid}.tmp`;
  const ticker = setInterval(
    () => progress(`[vitrine]   still building FerretDB (${Math.round((Date.now() - started) / 1000)} s)...`),
    20_000,
  );
  try {
    const result = spawnSync('go', ['build', '-trimpath', '-o', tmp, '.'], {
      cwd: launcherSource,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: childEnv({ CGO_ENABLED: '0' }),
    });
    if (result.status !== 0)
      throw new Error(`go build of the FerretDB launcher failed (exit ${result.status})`);
  } finally {
    clearInterval(ticker);
  }
  renameSync(tmp, binary);
  progress(`[vitrine] FerretDB built in ${Math.round((Date.now() - started) / 1000)} s, cached at ${binary}`);
  return binary;
}

/**
 * Starts FerretDB and waits until it accepts connections: its SQLite backend in `dir`, or,
 * given `postgresqlUrl` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`), its PostgreSQL
 * backend, which keeps each MongoDB database as a schema there and filters equality on
 * top-level fields in SQL (FerretDB's pushdown table) where SQLite filters only `_id`.
 */
export async function startFerretdb(
  dir: string,
  port: number,
  options: { postgresqlUrl?: string } = {},
): Promise<ManagedProcess & { uri: string; pid: number }> {
  const binary = ensureFerretdbBinary();
  mkdirSync(dir, { recursive: true });
  const backend = options.postgresqlUrl ? ['-postgresql-url', options.postgresqlUrl] : [];
  const child = spawn(
    binary,
    ['-listen', `127.0.0.1:${port}`, '-dir', dir, '-log-level', 'error', ...backend],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      // Go's collector at 400 % instead of 100 %: FerretDB allocates for every document it
      // converts, and its live heap is small, so a larger heap goal costs a few tens of MB
      // and saves about a seventh of its CPU (bench:publish: 6.3 → 5.4 ms per post).
      // An explicit GOGC in the environment wins.
      env: childEnvDefaults({ GOGC: '400' }),
    },
  );
  await waitForPort(port, child, 'FerretDB');
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
