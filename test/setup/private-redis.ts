import { spawn } from 'node:child_process';
import { freePort, waitForPort } from '../../server/lib/embedded/process.js';

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A redis-server of one test file's own, without persistence, on a free port: for tests
 * that FLUSHALL or restart Redis, which must not touch the Redis other files share.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exit = new Promise((resolve) => child.once('exit', resolve));
  await waitForPort(port, child, 'redis-server');
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exit;
    },
  };
}
