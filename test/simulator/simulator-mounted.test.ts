import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongoDb } from '../../server/lib/mongo.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { call, png } from './sim-server.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('the simulator inside the web process', () => {
  it('serves the sandbox under /sandbox: provisioning, a photo post and its feed page', async () => {
    const sandbox = `${app.baseUrl}/sandbox`;
    const created = await call(`${sandbox}/_admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'facebook', name: 'Marché public' }),
    });
    expect(created.status).toBe(201);
    const { externalId, accessToken } = created.body;
    const form = new FormData();
    form.set('access_token', accessToken);
    form.set('caption', 'Visible dans le fil');
    form.set('source', new Blob([new Uint8Array(png())], { type: 'image/png' }), 'ad.png');
    const posted = await call(`${sandbox}/facebook/v25.0/${externalId}/photos`, {
      method: 'POST',
      body: form,
    });
    expect(posted.body).toEqual({ id: expect.any(String), post_id: expect.any(String) });
    const feed = await call(`${sandbox}/feeds/facebook/${externalId}`);
    expect(feed.text).toContain('Visible dans le fil');
    expect((await call(`${sandbox}/media/${posted.body.id}`)).headers.get('content-type')).toBe('image/png');
    expect((await call(`${sandbox}/`)).text).toContain('Marché public');
  });
});

describe('sandbox media storage', () => {
  const sandbox = () => `${app.baseUrl}/sandbox`;
  const page = async (name: string) => {
    const created = await call(`${sandbox()}/_admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'facebook', name }),
    });
    return created.body as { externalId: string; accessToken: string };
  };
  const postPhoto = async (to: { externalId: string; accessToken: string }, bytes: Buffer) => {
    const form = new FormData();
    form.set('access_token', to.accessToken);
    form.set('caption', `Sur ${to.externalId}`);
    form.set('source', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'ad.png');
    const posted = await call(`${sandbox()}/facebook/v25.0/${to.externalId}/photos`, {
      method: 'POST',
      body: form,
    });
    return posted.body as { id: string; post_id: string };
  };

  it('keeps one copy of an image posted on several pages, and each page still shows it after another deletes its post', async () => {
    const image = png();
    const pages = [await page('Page A'), await page('Page B'), await page('Page C')];
    const posts = [];
    for (const p of pages) posts.push(await postPhoto(p, image));
    const bytes = mongoDb().collection('sim_media_bytes');
    const before = await bytes.countDocuments({});
    expect(before).toBe(1);

    const removed = await call(
      `${sandbox()}/facebook/v25.0/${posts[0]!.post_id}?access_token=${pages[0]!.accessToken}`,
      {
        method: 'DELETE',
      },
    );
    expect(removed.status).toBe(200);
    expect((await call(`${sandbox()}/media/${posts[0]!.id}`)).status).toBe(404);
    for (const post of posts.slice(1)) {
      const served = await fetch(`${sandbox()}/media/${post.id}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true);
    }
    expect(await bytes.countDocuments({})).toBe(1);
  });
});
