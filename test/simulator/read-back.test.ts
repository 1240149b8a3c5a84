import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { grantTokens } from '../../server/simulator/linkedin/li-oauth.js';
import { simNow } from '../../server/simulator/store/sim.store.js';
import { call, png, type SandboxAccount, type SimServer, startSimulator } from './sim-server.js';

let sim: SimServer;
let graph: string;
let li: string;
let page: SandboxAccount;
let org: SandboxAccount;
const now = new Date();
const version = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
const enc = encodeURIComponent;

beforeAll(async () => {
  sim = await startSimulator();
  graph = `${sim.url}/facebook/v25.0`;
  li = `${sim.url}/linkedin/rest`;
  page = await sim.account('facebook', 'Coop de la Relecture');
  org = await sim.account('linkedin', 'Coop des Auteurs');
});
afterAll(() => sim.close());
afterEach(async () => {
  await sim.admin('DELETE', `/faults/facebook/${page.externalId}`);
  await sim.admin('DELETE', `/faults/linkedin/${org.externalId}`);
});

function photo(fields: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set('source', new Blob([new Uint8Array(png())], { type: 'image/png' }), 'ad.png');
  return call(`${graph}/${page.externalId}/photos`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${page.accessToken}` },
  });
}

const published = (query = '', token = page.accessToken) =>
  call(`${graph}/${page.externalId}/published_posts?fields=id,message,created_time,permalink_url${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });

const liHeaders = (token = org.accessToken) => ({
  authorization: `Bearer ${token}`,
  'linkedin-version': version,
  'x-restli-protocol-version': '2.0.0',
});

const liPost = (commentary: string) =>
  call(`${li}/posts`, {
    method: 'POST',
    headers: { ...liHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify({
      author: `urn:li:organization:${org.externalId}`,
      commentary,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
    }),
  });

const byAuthor = (start = 0, count = 20, token = org.accessToken) =>
  call(
    `${li}/posts?q=author&author=${enc(`urn:li:organization:${org.externalId}`)}&count=${count}&start=${start}&sortBy=LAST_MODIFIED`,
    { headers: liHeaders(token) },
  );

describe('Facebook published_posts', () => {
  it('lists live posts newest first, with the post_id the photo call returned and the caption as message', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const first = await photo({ caption: 'Premier' });
    const second = await photo({ caption: 'Deuxième' });
    await photo({ caption: 'Photo en attente', published: 'false' });
    const future = Math.floor(Date.now() / 1000) + 3600;
    await photo({ caption: 'Plus tard', published: 'false', scheduled_publish_time: String(future) });
    const answer = await published(`&since=${since}&limit=10`);
    expect(answer.status).toBe(200);
    const ids = answer.body.data.map((p: { id: string }) => p.id);
    expect(ids.slice(0, 2)).toEqual([second.body.post_id, first.body.post_id]);
    expect(answer.body.data[0]).toMatchObject({
      message: 'Deuxième',
      created_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/),
      permalink_url: expect.stringMatching(/^http/),
    });
    const messages = answer.body.data.map((p: { message: string }) => p.message);
    expect(messages).not.toContain('Photo en attente');
    expect(messages).not.toContain('Plus tard');
  });

  it('pages with cursors and paging.next; since leaves older posts out', async () => {
    for (const n of [1, 2, 3]) await photo({ caption: `Page ${n}` });
    const one = await published('&limit=2');
    expect(one.body.data).toHaveLength(2);
    expect(one.body.paging.next).toMatch(/published_posts\?/);
    const after = one.body.paging.cursors.after as string;
    const two = await published(`&limit=2&after=${after}`);
    expect(two.body.data[0].id).not.toBe(one.body.data[1].id);
    const later = await published(`&since=${Math.floor(Date.now() / 1000) + 60}`);
    expect(later.body.data).toEqual([]);
    expect(later.body.paging.next).toBeUndefined();
  });

  it('applies the same token checks and faults as other page reads', async () => {
    expect((await published('', 'EAAPnot-a-token')).body.error.code).toBe(190);
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { permissionLost: true });
    expect((await published()).body.error.code).toBe(10);
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { error5xxRate: 1 });
    expect((await published()).status).toBeGreaterThanOrEqual(500);
  });
});

describe('LinkedIn posts by author', () => {
  it('lists the organization posts newest first with the commentary sent, paged by start/count', async () => {
    const before = Date.now() - 1;
    const sent = ['Un \\(texte\\) échappé', 'Deux', 'Trois'];
    const urns: string[] = [];
    for (const text of sent) urns.push((await liPost(text)).headers.get('x-restli-id') ?? '');
    const first = await byAuthor(0, 2);
    expect(first.status).toBe(200);
    expect(first.body.elements.map((e: { id: string }) => e.id)).toEqual([urns[2], urns[1]]);
    expect(first.body.elements[0]).toMatchObject({
      author: `urn:li:organization:${org.externalId}`,
      commentary: 'Trois',
      lifecycleState: 'PUBLISHED',
      visibility: 'PUBLIC',
    });
    expect(first.body.elements[0].createdAt).toBeGreaterThanOrEqual(before);
    expect(first.body.paging).toMatchObject({ start: 0, count: 2 });
    expect(first.body.paging.links.some((l: { rel: string }) => l.rel === 'next')).toBe(true);
    const second = await byAuthor(2, 2);
    expect(second.body.elements[0]).toMatchObject({ id: urns[0], commentary: sent[0] });
  });

  it('needs r_organization_social or w_organization_social, and applies the faults', async () => {
    const adminOnly = await grantTokens(['rw_organization_admin'], org.externalId, await simNow());
    expect((await byAuthor(0, 20, adminOnly.access_token)).status).toBe(403);
    const readOnly = await grantTokens(['r_organization_social'], org.externalId, await simNow());
    expect((await byAuthor(0, 20, readOnly.access_token)).status).toBe(200);
    expect((await byAuthor(0, 20, 'AQVnope')).status).toBe(401);
    await sim.admin('PUT', `/faults/linkedin/${org.externalId}`, { burst429: 1 });
    expect((await byAuthor()).status).toBe(429);
  });
});

describe('outcomeLost: the post is created, the answer is lost', () => {
  it('Facebook, mode error: HTTP 500 code 2 is_transient, yet the post is listed', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { outcomeLost: 1 });
    const lost = await photo({ caption: 'Perdu mais publié' });
    expect(lost.status).toBe(500);
    expect(lost.body.error).toMatchObject({
      message: 'An unknown error has occurred.',
      type: 'OAuthException',
      code: 2,
      is_transient: true,
    });
    expect((await published()).body.data[0].message).toBe('Perdu mais publié');
    expect((await photo({ caption: 'Normal again' })).status).toBe(200);
  });

  it('Facebook, mode reset: the connection drops, yet the post is listed', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, {
      outcomeLost: 1,
      outcomeLostMode: 'reset',
    });
    await expect(photo({ caption: 'Coupé mais publié' })).rejects.toThrow();
    expect((await published()).body.data[0].message).toBe('Coupé mais publié');
  });

  it('Facebook error5xxRate fails before anything is created', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { error5xxRate: 1 });
    expect((await photo({ caption: 'Jamais créé' })).status).toBe(503);
    await sim.admin('DELETE', `/faults/facebook/${page.externalId}`);
    const messages = (await published()).body.data.map((p: { message: string }) => p.message);
    expect(messages).not.toContain('Jamais créé');
  });

  it('LinkedIn, mode error: an HTML 504, yet the post is listed', async () => {
    await sim.admin('PUT', `/faults/linkedin/${org.externalId}`, { outcomeLost: 1 });
    const lost = await liPost('Perdu en route');
    expect(lost.status).toBe(504);
    expect(lost.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await byAuthor()).body.elements[0].commentary).toBe('Perdu en route');
  });

  it('LinkedIn, mode reset: the connection drops, yet the post is listed', async () => {
    await sim.admin('PUT', `/faults/linkedin/${org.externalId}`, {
      outcomeLost: 1,
      outcomeLostMode: 'reset',
    });
    await expect(liPost('Coupé en route')).rejects.toThrow();
    expect((await byAuthor()).body.elements[0].commentary).toBe('Coupé en route');
  });

  it('refuses a bad fault value', async () => {
    await expect(
      sim.admin('PUT', `/faults/linkedin/${org.externalId}`, { outcomeLostMode: 'explode' }),
    ).rejects.toThrow(/400/);
  });
});
