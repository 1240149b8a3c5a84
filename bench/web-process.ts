/**
 * The memory benchmark's plumbing: a real web process (its own Node process, so its RSS is
 * its own) and a small cookie-keeping HTTP client with the session's CSRF token.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../server/lib/embedded/process.js';

export interface WebProcess {
  url: string;
  child: ChildProcess;
  /** Peak resident set size so far, in MB (the kernel's VmHWM). */
  peakRssMb(): number;
  /** Resident set size now, in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`web process exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('web process did not answer /readyz within 60 s');
}

/**
 * Starts `entry` with the given environment on top of the benchmark's: a built file
 * (dist/server/main.js, the web process as production runs it) with node alone, a source
 * file (server/start.ts: web and workers) under tsx.
 */
export async function startWeb(entry: string, env: Record<string, string>): Promise<WebProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), PUBLIC_URL: url },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntilUp(url, child);
  const pid = child.pid!;
  return {
    url,
    child,
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    rssMb: () => procStatusMb(pid, 'VmRSS'),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Reply {
  status: number;
  body: Buffer;
  json<T = any>(): T;
  text(): string;
}

/** A signed-in user's session: cookies kept, the CSRF token sent on unsafe requests. */
export class Session {
  private cookies = new Map<string, string>();
  private csrf = '';

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Reply> {
    const headers: Record<string, string> = { 'x-csrf-token': this.csrf, accept };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      body: bytes,
      json: () => JSON.parse(bytes.toString('utf8')),
      text: () => bytes.toString('utf8'),
    };
  }

  async signIn(email: string, password: string): Promise<void> {
    const res = await this.request('POST', '/api/v1/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text()}`);
    this.csrf = res.json<{ csrfToken: string }>().csrfToken;
  }

  /** A page as a browser asks for it (HTML). */
  async page(path: string): Promise<Reply> {
    const res = await this.request('GET', path, undefined, 'text/html');
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return res;
  }
}

/** Runs `task` over `items` with at most `concurrency` at once (a browser fetches 6 images per host). */
export async function inParallel<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}
