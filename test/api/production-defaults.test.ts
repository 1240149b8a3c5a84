import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareData } from '../../server/bootstrap.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
beforeAll(async () => {
  // DEMO_DATA and SANDBOX_ENABLED unset: production decides.
  app = await startTestApp({ env: { NODE_ENV: 'production', DEMO_DATA: '' } });
});
afterAll(async () => {
  await app?.close();
});

describe('production defaults', () => {
  it('turns the demo data and the sandbox off unless they are asked for', () => {
    expect(app.config.DEMO_DATA).toBe(false);
    expect(app.config.SANDBOX_ENABLED).toBe(false);
  });

  it('does not serve the simulator, its feed pages or its platform paths, even to staff', async () => {
    const staff = await app.createUser('admin');
    const { client } = await signInToDashboard(app, staff.user.email);
    for (const path of [
      '/sandbox/',
      '/sandbox/feeds/facebook/1',
      '/sandbox/facebook/v25.0/me',
      '/sandbox/_admin/accounts',
    ]) {
      // Anonymous visitors are sent to sign in, like for any other unknown page.
      expect([303, 401, 404], path).toContain((await app.anonymous().get(path, { headers: browser })).status);
      expect((await client.get(path, { headers: browser })).status, path).toBe(404);
    }
  });

  it('never prints or writes demo passwords, even with DEMO_DATA on', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vitrine-prod-demo-'));
    const credentials = await prepareData({ ...app.config, DEMO_DATA: true, dataDir });
    expect(credentials).toEqual([]);
    expect(existsSync(path.join(dataDir, 'demo-credentials.json'))).toBe(false);
  });
});
