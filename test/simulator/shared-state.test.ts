import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimFault, SimMedia } from '../../server/simulator/store/sim.models.js';
import { call, png, type SandboxAccount, type SimServer, startSimulator } from './sim-server.js';

/**
 * The simulator keeps what it just wrote in memory; what another process serving the same
 * database writes (simulated here by writing to the store directly) must still be seen.
 */
let sim: SimServer;
let org: SandboxAccount;
let page: SandboxAccount;
const now = new Date();
const version = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
const enc = encodeURIComponent;

beforeAll(async () => {
  sim = await startSimulator();
  org = await sim.account('linkedin', 'Coopérative partagée');
  page = await sim.account('facebook', 'Page partagée');
});
afterAll(() => sim.close());

function rest(method: string, path: string, body?: unknown) {
  return call(`${sim.url}/linkedin/rest${path}`, {
    method,
    headers: {
      authorization: `Bearer ${org.accessToken}`,
      'linkedin-version': version,
      'x-restli-protocol-version': '2.0.0',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const post = (commentary: string) =>
  rest('POST', '/posts', {
    author: `urn:li:organization:${org.externalId}`,
    commentary,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
  });

function photo(caption: string) {
  const form = new FormData();
  form.set('access_token', page.accessToken);
  form.set('caption', caption);
  form.set('source', new Blob([new Uint8Array(png())], { type: 'image/png' }), 'a.png');
  return call(`${sim.url}/facebook/v25.0/${page.externalId}/photos`, { method: 'POST', body: form });
}

const graph = (method: string, id: string) =>
  call(`${sim.url}/facebook/v25.0/${id}?access_token=${enc(page.accessToken)}`, { method });

describe('state shared with other processes', () => {
  it('an image uploaded through another process is AVAILABLE here, not WAITING_UPLOAD from memory', async () => {
    const init = await rest('POST', '/images?action=initializeUpload', {
      initializeUploadRequest: { owner: `urn:li:organization:${org.externalId}` },
    });
    const urn: string = init.body.value.image;
    expect((await rest('GET', `/images/${enc(urn)}`)).body.status).toBe('WAITING_UPLOAD');
    await SimMedia.updateOne(
      { _id: urn },
      { $set: { status: 'AVAILABLE', contentType: 'image/png', size: 10, availableAt: new Date(0) } },
    );
    expect((await rest('GET', `/images/${enc(urn)}`)).body).toMatchObject({ id: urn, status: 'AVAILABLE' });
  });

  it('faults set through another process apply within a second; cleared here, at once', async () => {
    expect((await post('Avant la panne')).status).toBe(201);
    await SimFault.replaceOne(
      { _id: `linkedin:${org.externalId}` },
      { platform: 'linkedin', externalId: org.externalId, error5xxRate: 1 },
      { upsert: true },
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await post('Pendant la panne')).status).toBe(500);
    await sim.admin('DELETE', `/faults/linkedin/${org.externalId}`);
    expect((await post('Après la panne')).status).toBe(201);
  });

  it('two identical posts at once: one is created, the other is refused as a duplicate', async () => {
    const answers = await Promise.all([post('Deux à la fois'), post('Deux à la fois')]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    const refused = answers.find((a) => a.status === 422);
    expect(refused?.body.errorDetails.inputErrors[0].code).toBe('DUPLICATE_POST');
  });

  it('a page budget is counted in Redis even while the simulated clock is set days back', async () => {
    await sim.admin('POST', '/clock', { offsetMs: -2 * 86_400_000 });
    try {
      await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { callBudget: 2 });
      expect((await graph('GET', page.externalId)).status).toBe(200);
      expect((await graph('GET', page.externalId)).status).toBe(200);
      expect((await graph('GET', page.externalId)).body.error).toMatchObject({ code: 80001 });
    } finally {
      await sim.admin('DELETE', `/faults/facebook/${page.externalId}`);
      await sim.admin('POST', '/clock', { offsetMs: 0 });
    }
  });

  it('a post read just after its creation, then deleted, is gone at once (LinkedIn and Facebook)', async () => {
    const created = await post('Bientôt supprimé');
    const urn = created.headers.get('x-restli-id') ?? '';
    expect((await rest('GET', `/posts/${enc(urn)}`)).status).toBe(200);
    expect((await rest('DELETE', `/posts/${enc(urn)}`)).status).toBe(204);
    expect((await rest('GET', `/posts/${enc(urn)}`)).status).toBe(404);
    // Its text is free again.
    expect((await post('Bientôt supprimé')).status).toBe(201);

    const published = await photo('Photo bientôt supprimée');
    const postId: string = published.body.post_id;
    expect((await graph('GET', postId)).body.id).toBe(postId);
    expect((await graph('DELETE', postId)).body).toEqual({ success: true });
    expect((await graph('GET', postId)).body.error).toMatchObject({ code: 100 });
  });
});
