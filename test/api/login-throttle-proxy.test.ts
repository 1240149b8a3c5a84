import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, testPassword } from '../setup/app.js';

let app: TestApp;
beforeAll(async () => {
  // The test client connects from 127.0.0.1, playing the part of the configured proxy.
  app = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
});
afterAll(async () => {
  await app?.close();
});

const login = (email: string, password: string, client: string) =>
  app.anonymous().post('/api/v1/auth/login', { email, password }, { headers: { 'x-forwarded-for': client } });

describe('sign-in throttling behind a trusted proxy', () => {
  it('tells clients apart by the proxy’s X-Forwarded-For, and caps an account over all addresses', async () => {
    const { user } = await app.createUser('strategist');
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong', '198.51.100.1')).status).toBe(401);
    expect((await login(user.email, testPassword, '198.51.100.1')).status).toBe(429);
    // The owner, elsewhere, still signs in.
    expect((await login(user.email, testPassword, '198.51.100.2')).status).toBe(200);

    // Guessing spread over many addresses stops at the account's own limit (20).
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await login(user.email, 'wrong', `192.0.2.${i}`)).status);
    expect(statuses.slice(0, 15).every((s) => s === 401)).toBe(true);
    expect(statuses[15]).toBe(429);
  });

  it('refuses TRUST_PROXY=true, which would let any client choose its address', async () => {
    const { parseEnv } = await import('../../server/config/index.js');
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12' }).TRUST_PROXY).toEqual([
      '10.0.0.5',
      '172.16.0.0/12',
    ]);
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
  });
});
