/**
 * Worker processes for the publish benchmark: real `workers/main.ts` children, each
 * sampled for its resident memory (VmRSS, and the kernel's own peak, VmHWM).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface WorkerChild {
  pid: number;
  child: ChildProcess;
  /** Highest resident set seen, in MB (the larger of the sampled VmRSS and VmHWM). */
  peakRssMb(): number;
  /** Its last log lines, for post-mortems. */
  output: string[];
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The worker as production starts it (`npm run start:worker`, the Dockerfile and
 * docker-compose.yml): the built dist/workers/main.js under node, with the same allocator
 * settings and V8's default young generation. `npm run bench:publish` builds first.
 */
const PRODUCTION_WORKER = {
  entry: 'dist/workers/main.js',
  nodeArgs: [] as string[],
  env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' },
};

/** Starts one worker process (the pid is the worker itself); BENCH_WORKER_NODE_ARGS adds node flags (e.g. --cpu-prof). */
export function spawnWorker(env: Record<string, string>, name: string): WorkerChild {
  const extra = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...PRODUCTION_WORKER.nodeArgs, ...extra, PRODUCTION_WORKER.entry], {
    env: { ...process.env, ...PRODUCTION_WORKER.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) output.push(line);
    if (output.length > 2000) output.splice(0, output.length - 2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code, signal) => output.push(`[bench] ${name} exited: ${code ?? signal}`));
  let peak = 0;
  const sampler = setInterval(() => {
    if (child.pid) peak = Math.max(peak, statusMb(child.pid, 'VmRSS'), statusMb(child.pid, 'VmHWM'));
  }, 200);
  sampler.unref();
  child.on('exit', () => clearInterval(sampler));
  return {
    pid: child.pid ?? 0,
    child,
    output,
    peakRssMb: () => {
      if (child.pid && child.exitCode === null) peak = Math.max(peak, statusMb(child.pid, 'VmHWM'));
      return peak;
    },
  };
}

/** Waits until `ready()` holds, failing early when a worker exits, or after `ms`. */
export async function workersReady(
  workers: WorkerChild[],
  ready: () => Promise<boolean>,
  ms = 60_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const dead = workers.find((w) => w.child.exitCode !== null);
    if (dead) throw new Error(`worker ${dead.pid} exited:\n${dead.output.join('\n')}`);
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`workers not ready within ${ms} ms:\n${workers.flatMap((w) => w.output).join('\n')}`);
}

/** SIGTERM (the worker drains), then SIGKILL after `graceMs`. */
export async function stopWorker(worker: WorkerChild, graceMs = 10_000): Promise<void> {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
