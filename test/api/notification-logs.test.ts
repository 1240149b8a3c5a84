import net from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPaths, setLogger } from '../../server/lib/logger.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { until } from '../setup/poll.js';

/** An SMTP server that refuses connections: sending fails, and the logs must still hold no secret. */
let app: TestApp;
const lines: string[] = [];
const password = 'smtp-password-never-logged';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await closedPort();
  app = await startTestApp({
    env: { SMTP_URL: `smtp://vitrine:${password}@127.0.0.1:${port}` },
    beforeApp: () => {
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      setLogger(pino({ level: 'trace', redact: { paths: redactPaths, censor: '[redacted]' } }, sink));
    },
  });
});
afterAll(async () => {
  await app?.close();
});

describe('when the SMTP server fails', () => {
  it('the request still succeeds, the failure is logged and kept, and no log holds the SMTP password or a link token', async () => {
    const admin = await app.createUser('admin');
    const enterprise = (await createEnterprise(admin.api, { contactEmail: 'contact@coop.example' })).id;
    const campaign = (
      await createCampaign(admin.api, { enterpriseIds: [enterprise], requiresApproval: true })
    ).id;
    const ad = (await createAd(admin.api, campaign, [enterprise], { templateId: 'chiffre-impact' })).id;
    expect((await admin.api.post(`/api/v1/ads/${ad}/approval/request`)).status).toBe(200);
    const outbox = await until(
      async () =>
        (await admin.api.get('/api/v1/notifications/outbox')).body.data as { status: string; text: string }[],
      (list) => list.length > 0,
    );
    expect(outbox[0]?.status).toBe('failed');
    const token = /\/approve\?t=([\w.-]+)/.exec(outbox[0]?.text ?? '')?.[1];
    expect(token).toBeTruthy();
    const used = await app.anonymous().request('POST', '/approve', {
      raw: new URLSearchParams({ t: token!, decision: 'approved' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    expect(used.status).toBe(200);
    await app.anonymous().request('GET', `/approve?t=${token}`, { headers: { accept: 'text/html' } });

    const text = lines.join('');
    expect(text).toContain('notification email not sent');
    expect(text).not.toContain(password);
    expect(text).not.toContain(token!);
    expect(text).not.toContain(token!.split('.').at(-1)!);
  });
});
