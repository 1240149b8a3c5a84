import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import type { Config } from '../../server/config/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEEP_LINES = 200;

/** A production worker process (`workers/main.ts`) running against a test app's stores. */
export interface WorkerProcess {
  pid: number;
  /** How its claims name it in publication_claims (`by`). */
  name: string;
  /** Resolves once it logged that it started; rejects if it exits first or 30 s pass. */
  ready: Promise<void>;
  /** SIGKILL: no draining, no cleanup, like a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within `ms`. */
  stop(ms?: number): Promise<void>;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string;
  readonly exited: boolean;
}

/**
 * The environment a worker needs to share the test app's database, Redis prefix, secrets
 * (ENCRYPTION_KEY decrypts the channel tokens), simulator (PUBLIC_URL/sandbox) and engine
 * settings. Call it while this process is connected: the database name comes from the connection.
 */
export function workerEnv(cfg: Config, extra: Record<string, string> = {}): Record<string, string> {
  const uri = new URL(cfg.MONGODB_URI ?? '');
  uri.pathname = `/${mongoose.connection.name}`;
  const pick = (keys: (keyof Config)[]) =>
    Object.fromEntries(keys.flatMap((k) => (cfg[k] === undefined ? [] : [[k, String(cfg[k])]])));
  return {
    ...pick([
      'REDIS_URL',
      'REDIS_PREFIX',
      'ENCRYPTION_KEY',
      'SESSION_SECRET',
      'HUB_TIMEZONE',
      'SCHEDULE_MIN_LEAD_MS',
      'PUBLISH_BACKOFF_MS',
      'VERIFY_DELAY_MS',
      'VERIFY_MAX_TRIES',
      'RECONCILE_INTERVAL_MS',
      'PREFLIGHT_INTERVAL_MS',
      'PUBLISH_CHANNEL_RATE',
      'PUBLISH_PLATFORM_RATE',
      'PUBLISH_LEASE_MS',
      'PUBLISH_GRACE_MS',
      'WORKER_LOCK_MS',
    ]),
    MONGODB_URI: uri.toString(),
    PUBLIC_URL: cfg.publicUrl,
    DATA_DIR: cfg.dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DEMO_DATA: 'false',
    ...extra,
  };
}

/** Starts `workers/main.ts` in one Node process (no tsx wrapper, so the pid is the worker's). */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let started = false;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      if (line.includes('"worker process started"')) started = true;
      lines.push(line);
      if (lines.length > KEEP_LINES) lines.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const output = () => lines.join('\n');
  const ready = (async () => {
    const end = Date.now() + 30_000;
    while (!started) {
      if (exited) throw new Error(`worker ${child.pid} exited before starting:\n${output()}`);
      if (Date.now() > end) throw new Error(`worker ${child.pid} did not start in 30 s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  ready.catch(() => undefined);
  const proc: WorkerProcess = {
    pid: child.pid ?? -1,
    name: `${hostname()}:${child.pid}`,
    get exited() {
      return exited;
    },
    ready,
    async kill() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async stop(ms = 10_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await exit;
      clearTimeout(timer);
    },
    output,
  };
  return proc;
}

/** Spawns `count` workers and waits until each has started. */
export async function spawnWorkers(count: number, env: Record<string, string>): Promise<WorkerProcess[]> {
  const workers = Array.from({ length: count }, () => spawnWorker(env));
  try {
    await Promise.all(workers.map((w) => w.ready));
  } catch (err) {
    await Promise.all(workers.map((w) => w.kill()));
    throw err;
  }
  return workers;
}

/** Every worker's last output, for an assertion's message. */
export function outputOf(workers: WorkerProcess[]): string {
  return workers.map((w) => `--- worker ${w.name}${w.exited ? ' (exited)' : ''}\n${w.output()}`).join('\n');
}
