import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, call, type SandboxAccount, type SimServer, startSimulator } from './sim-server.js';

let sim: SimServer;
let page: SandboxAccount;
let org: SandboxAccount;
const now = new Date();
const version = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
const tooLarge = `{"message":"${'x'.repeat(1_100_000)}"}`;

beforeAll(async () => {
  sim = await startSimulator();
  page = await sim.account('facebook', 'Page Robuste');
  org = await sim.account('linkedin', 'Organisation Robuste');
});
afterAll(() => sim.close());

const graph = (path: string, body: string, contentType: string) =>
  call(`${sim.url}/facebook/v25.0/${page.externalId}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${page.accessToken}`, 'content-type': contentType },
    body,
  });

const rest = (path: string, body: string, headers: Record<string, string> = {}) =>
  call(`${sim.url}/linkedin/rest${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${org.accessToken}`,
      'linkedin-version': version,
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
      ...headers,
    },
    body,
  });

/** Graph's own shape, code 100, and nothing that invites a retry of the same body. */
function expectGraph(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.body.error).toMatchObject({ type: 'OAuthException', code: 100 });
  expect(answer.body.error.is_transient).not.toBe(true);
  expect(typeof answer.body.error.fbtrace_id).toBe('string');
}

function expectLinkedIn(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({ status, message: expect.any(String) });
}

describe('Facebook: bodies it cannot read are a 400/413 in the Graph shape, never a 500', () => {
  it.each([
    ['malformed JSON', '{"message":', 'application/json'],
    ['a JSON array', '[{"message":"x"}]', 'application/json'],
    ['a bare JSON string', '"bonjour"', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['multipart without a boundary', 'x', 'multipart/form-data'],
    [
      'truncated multipart (no closing boundary)',
      '--x\r\nContent-Disposition: form-data; name="caption"\r\n\r\nbonjour',
      'multipart/form-data; boundary=x',
    ],
  ])('%s → 400 (#100)', async (_name, body, type) => {
    expectGraph(await graph('/feed', body, type), 400);
    expectGraph(await graph('/photos', body, type), 400);
  });

  it('a body over the limit → 413 (#100), JSON or form', async () => {
    expectGraph(await graph('/feed', tooLarge, 'application/json'), 413);
    expectGraph(
      await graph('/feed', `message=${'x'.repeat(1_100_000)}`, 'application/x-www-form-urlencoded'),
      413,
    );
  });
});

describe('LinkedIn: bodies it cannot read are a 400/413 in its own shape, never a 500', () => {
  it.each([
    ['malformed JSON', '{"author":'],
    ['a JSON array', '[{"author":"x"}]'],
    ['a bare JSON number', '42'],
    ['JSON null', 'null'],
  ])('%s → 400', async (_name, body) => {
    expectLinkedIn(await rest('/posts', body), 400);
    expectLinkedIn(await rest('/images?action=initializeUpload', body), 400);
  });

  it('a body over the limit → 413', async () => {
    expectLinkedIn(await rest('/posts', tooLarge), 413);
  });

  it('a tunneled query that is not form-encoded → 400', async () => {
    expectLinkedIn(await rest('/posts', '{"q":"author"}', { 'x-http-method-override': 'GET' }), 400);
  });
});

describe('sandbox controls', () => {
  it('malformed JSON → 400, not 500', async () => {
    const answer = await call(`${sim.url}/_admin/faults/facebook/${page.externalId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"latencyMs":',
    });
    expect(answer.status).toBe(400);
  });
});
