import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, testPassword } from '../setup/app.js';

let app: TestApp;
beforeAll(async () => {
  // TRUST_PROXY is left at its default: no proxy is trusted.
  app = await startTestApp({ env: { LOGIN_FAILURES_PER_ADDRESS: '40' } });
});
afterAll(async () => {
  await app?.close();
});

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  app.anonymous().post('/api/v1/auth/login', { email, password }, { headers });

describe('sign-in throttling behind a NAT', () => {
  it('one person’s failures lock out only their own account from that address, not colleagues', async () => {
    const colleague = await app.createUser('strategist');
    const accounts = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => app.createUser('member', { enterpriseId: '0123456789abcdef01234567' })),
    );
    // 30 failures from the one office address, on six accounts.
    for (const { user } of accounts) {
      for (let i = 0; i < 5; i++) expect((await login(user.email, `wrong-${i}`)).status).toBe(401);
    }
    expect((await login(accounts[0]!.user.email, testPassword)).status).toBe(429);
    expect((await login(colleague.user.email, testPassword)).status).toBe(200);
  });

  it('a client cannot rotate X-Forwarded-For to escape the per-address brake', async () => {
    let status = 0;
    let attempts = 0;
    // 30 failures already came from this address; the brake is 40.
    while (attempts < 20) {
      attempts += 1;
      status = (
        await login(`nobody${attempts}@example.test`, 'wrong-password', {
          'x-forwarded-for': `203.0.113.${attempts}`,
        })
      ).status;
      if (status === 429) break;
    }
    expect(status).toBe(429);
    expect(attempts).toBe(11);
  });
});
