import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { connectMongo, disconnectMongo } from '../../server/lib/mongo.js';
import { connectRedis, disconnectRedis, redis } from '../../server/lib/redis.js';
import { createSimulator } from '../../server/simulator/simulator.app.js';
import { simKey } from '../../server/simulator/store/sim.store.js';
import type { SandboxAccountAnswer } from '../adapters/sandbox.helpers.js';

export interface SimServer {
  /** Where the simulator is mounted, e.g. http://127.0.0.1:1234/sandbox */
  url: string;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  account(platform: 'facebook' | 'linkedin', name?: string): Promise<SandboxAccount>;
  close(): Promise<void>;
}

/** What the simulator's POST /_admin/accounts answers. */
export type SandboxAccount = SandboxAccountAnswer;

/** The simulator alone in a tiny app on a free port, with its own database (its counters and markers in Redis). */
export async function startSimulator(): Promise<SimServer> {
  await connectMongo(inject('mongoUri'), `sim_t${randomUUID().replaceAll('-', '').slice(0, 10)}`);
  await connectRedis(inject('redisUrl'));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`;
  const app = express();
  app.use('/sandbox', createSimulator({ publicUrl: url }));
  server.on('request', app);
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/_admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 400) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  let n = 0;
  return {
    url,
    admin,
    account: (platform, name) =>
      admin<SandboxAccount>('POST', '/accounts', { platform, name: name ?? `Coop ${++n}` }),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await dropSimulatorKeys();
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await disconnectMongo();
      await disconnectRedis();
    },
  };
}

/** Deletes this database's simulator keys (counters, markers) from the Redis tests share. */
async function dropSimulatorKeys(): Promise<void> {
  for await (const keys of redis().scanStream({ match: simKey('*'), count: 1000 }) as AsyncIterable<
    string[]
  >) {
    if (keys.length) await redis().del(...keys);
  }
}

/** Bytes that start like a PNG or JPEG file (the simulator sniffs magic bytes). */
export const png = (size = 2048) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size, 7)]);
export const jpeg = (size = 2048) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size, 3)]);

type Loose = Record<string, any>;

export interface Answer<T = Loose> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = Loose>(input: string, init: RequestInit = {}): Promise<Answer<T>> {
  const res = await fetch(input, { redirect: 'manual', ...init });
  const text = await res.text();
  let body: unknown = text;
  if (res.headers.get('content-type')?.includes('json') && text) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: body as T, text };
}

export const DAY_MS = 86_400_000;
