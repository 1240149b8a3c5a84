import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareData } from '../../server/bootstrap.js';
import { startTestApp, type TestApp } from '../setup/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    env: {
      DEMO_DATA: 'true',
      ADMIN_EMAIL: 'first-admin@example.test',
      ADMIN_PASSWORD: 'a very long password',
    },
  });
});
afterAll(async () => {
  await app?.close();
});

describe('the first run', () => {
  it('creates the admin from the environment, seeds the demo once and keeps its accounts in a DATA_DIR it creates', async () => {
    const dataDir = path.join(os.tmpdir(), `vitrine-first-run-${process.pid}`, 'not', 'there', 'yet');
    const first = await prepareData({ ...app.config, dataDir });
    expect(first.map((u) => u.role).sort()).toEqual(['admin', 'member', 'strategist']);
    expect(statSync(path.join(dataDir, 'demo-credentials.json')).mode & 0o077).toBe(0);
    const again = await prepareData({ ...app.config, dataDir });
    expect(again).toEqual(first);

    const login = await app.anonymous().post('/api/v1/auth/login', {
      email: 'first-admin@example.test',
      password: 'a very long password',
    });
    expect(login.status).toBe(200);
    const demo = first.find((u) => u.role === 'member')!;
    const member = await app
      .anonymous()
      .post('/api/v1/auth/login', { email: demo.email, password: demo.password });
    expect(member.body.user.role).toBe('member');
  });
});
