import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { type ManagedProcess, portAnswers, waitForPort } from './process.js';

export interface RedisTarget extends ManagedProcess {
  url: string;
  kind: 'url' | 'local' | 'started';
}

/** REDIS_URL, else a Redis already answering on 127.0.0.1:6379, else a redis-server started in DATA_DIR. */
export async function resolveRedis(options: {
  url?: string;
  dataDir: string;
  port?: number;
}): Promise<RedisTarget> {
  if (options.url) return { url: options.url, kind: 'url', stop: async () => undefined };
  if (await portAnswers(6379))
    return { url: 'redis://127.0.0.1:6379', kind: 'local', stop: async () => undefined };

  if (spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'Redis is not reachable: REDIS_URL is not set, nothing answers on 127.0.0.1:6379 and redis-server is not installed.\n' +
        'Ways out: set REDIS_URL; or start Redis; or install it (apt-get install redis-server).',
    );
  }
  const port = options.port ?? 6390;
  const dir = `${options.dataDir}/redis`;
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    {
      stdio: 'ignore',
    },
  );
  await waitForPort(port, child, 'redis-server');
  return {
    url: `redis://127.0.0.1:${port}`,
    kind: 'started',
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
