import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SANDBOX_FACEBOOK_APP_ID,
  SANDBOX_FACEBOOK_APP_SECRET,
} from '../../server/simulator/simulator.constants.js';
import {
  type Answer,
  call,
  DAY_MS,
  jpeg,
  png,
  type SandboxAccount,
  type SimServer,
  startSimulator,
} from './sim-server.js';

let sim: SimServer;
let graph: string;
let page: SandboxAccount;

beforeAll(async () => {
  sim = await startSimulator();
  graph = `${sim.url}/facebook/v25.0`;
  page = await sim.account('facebook', 'Coop du Vieux-Sherbrooke');
});
afterAll(() => sim.close());
afterEach(async () => {
  await sim.admin('DELETE', `/faults/facebook/${page.externalId}`);
  await sim.admin('POST', '/clock', { offsetMs: 0 });
});

function photo(
  target: SandboxAccount,
  fields: Record<string, string>,
  bytes: Buffer = png(),
  type = 'image/png',
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set('access_token', target.accessToken);
  form.set('source', new Blob([new Uint8Array(bytes)], { type }), 'ad.png');
  return call(`${graph}/${target.externalId}/photos`, { method: 'POST', body: form });
}

const get = (path: string, token = page.accessToken) =>
  call(`${graph}/${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`);

function expectGraphError(answer: Answer, code: number, subcode?: number) {
  expect(answer.body.error).toMatchObject({ type: expect.stringMatching(/Exception$/), code });
  expect(typeof answer.body.error.message).toBe('string');
  expect(typeof answer.body.error.fbtrace_id).toBe('string');
  if (subcode !== undefined) expect(answer.body.error.error_subcode).toBe(subcode);
}

describe('Facebook OAuth', () => {
  it('walks the login dialog, exchanges the code, gets a long-lived token and page tokens', async () => {
    const redirect = 'http://localhost:9999/callback';
    const dialog = await call(
      `${sim.url}/facebook/v25.0/dialog/oauth?client_id=${SANDBOX_FACEBOOK_APP_ID}&redirect_uri=${encodeURIComponent(redirect)}&state=xyz&scope=pages_show_list,pages_manage_posts,read_insights`,
    );
    expect(dialog.status).toBe(200);
    expect(dialog.text).toContain('Coop du Vieux-Sherbrooke');
    const action = /action="([^"]+)"/.exec(dialog.text)?.[1] ?? '';
    const form = new URLSearchParams({
      redirect_uri: redirect,
      state: 'xyz',
      scope: 'pages_show_list,pages_manage_posts,read_insights',
      decision: 'allow',
    });
    const approved = await call(new URL(action, sim.url).toString(), { method: 'POST', body: form });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('xyz');
    const code = back.searchParams.get('code') ?? '';

    const creds = `client_id=${SANDBOX_FACEBOOK_APP_ID}&client_secret=${SANDBOX_FACEBOOK_APP_SECRET}`;
    const wrongSecret = await call(
      `${graph}/oauth/access_token?client_id=${SANDBOX_FACEBOOK_APP_ID}&client_secret=nope&code=${code}&redirect_uri=${encodeURIComponent(redirect)}`,
    );
    expectGraphError(wrongSecret, 1);
    const short = await call(
      `${graph}/oauth/access_token?${creds}&code=${code}&redirect_uri=${encodeURIComponent(redirect)}`,
    );
    expect(short.status).toBe(200);
    expect(short.body).toMatchObject({ token_type: 'bearer' });
    const reused = await call(
      `${graph}/oauth/access_token?${creds}&code=${code}&redirect_uri=${encodeURIComponent(redirect)}`,
    );
    expectGraphError(reused, 100, 36009);

    const long = await call(
      `${graph}/oauth/access_token?grant_type=fb_exchange_token&${creds}&fb_exchange_token=${short.body.access_token}`,
    );
    expect(long.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 5183944,
    });

    await sim.account('facebook', 'Second page');
    const first = await get('me/accounts?fields=id,name,access_token,tasks&limit=1', long.body.access_token);
    expect(first.body.data).toHaveLength(1);
    expect(Object.keys(first.body.data[0]).sort()).toEqual(['access_token', 'id', 'name', 'tasks']);
    expect(first.body.data[0].tasks).toContain('CREATE_CONTENT');
    const second = await call(first.body.paging.next);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.paging.next).toBeUndefined();

    const debug = await get(
      `debug_token?input_token=${first.body.data[0].access_token}`,
      `${SANDBOX_FACEBOOK_APP_ID}|${SANDBOX_FACEBOOK_APP_SECRET}`,
    );
    expect(debug.body.data).toMatchObject({
      app_id: SANDBOX_FACEBOOK_APP_ID,
      type: 'PAGE',
      expires_at: 0,
      is_valid: true,
    });
    const perms = await get('me/permissions', long.body.access_token);
    expect(perms.body.data).toContainEqual({ permission: 'pages_manage_posts', status: 'granted' });
  });

  it('rejects a missing, unknown or malformed token and a malformed version', async () => {
    expectGraphError(await call(`${graph}/me`), 104);
    expectGraphError(await get('me', 'EAAnonsense'), 190);
    const bearer = await call(`${graph}/me`, { headers: { authorization: `Bearer ${page.accessToken}` } });
    expect(bearer.body).toEqual({ id: page.externalId, name: page.name });
    expectGraphError(await call(`${sim.url}/facebook/v25/me?access_token=${page.accessToken}`), 2500);
  });
});

describe('Facebook publishing', () => {
  it('uploads a photo and answers the photo id and the post id, with usage headers', async () => {
    const answer = await photo(page, { caption: 'Bonjour' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      post_id: expect.stringMatching(new RegExp(`^${page.externalId}_\\d+$`)),
    });
    expect(answer.body.post_id.endsWith(answer.body.id)).toBe(false);
    expect(JSON.parse(answer.headers.get('x-app-usage') ?? '')).toMatchObject({
      call_count: expect.any(Number),
    });
    const buc = JSON.parse(answer.headers.get('x-business-use-case-usage') ?? '');
    expect(buc[page.externalId][0]).toMatchObject({ type: 'pages', estimated_time_to_regain_access: 0 });
  });

  it('refuses a photo of 4 MB or more, or one that is not JPG or PNG, with subcode 1366046', async () => {
    expectGraphError(await photo(page, {}, png(4 * 1024 * 1024)), 100, 1366046);
    expectGraphError(await photo(page, {}, Buffer.from('GIF89a not allowed'), 'image/png'), 100, 1366046);
    expect((await photo(page, {}, jpeg(), 'image/jpeg')).status).toBe(200);
  });

  it('posts several staged photos with attached_media, then reads the post back', async () => {
    const a = await photo(page, { published: 'false', temporary: 'true' });
    const b = await photo(page, { published: 'false' });
    expect(a.body).toEqual({ id: expect.any(String) });
    const feed = await call(`${graph}/${page.externalId}/feed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${page.accessToken}` },
      body: JSON.stringify({
        message: 'Deux photos',
        attached_media: [{ media_fbid: a.body.id }, { media_fbid: b.body.id }],
      }),
    });
    expect(feed.body).toEqual({ id: expect.stringMatching(new RegExp(`^${page.externalId}_\\d+$`)) });
    const fields =
      'id,message,permalink_url,shares,reactions.limit(0).summary(total_count),comments.limit(0).summary(total_count)';
    const post = await get(`${feed.body.id}?fields=${encodeURIComponent(fields)}`);
    expect(post.body).toMatchObject({
      id: feed.body.id,
      message: 'Deux photos',
      reactions: { data: [], summary: { total_count: 0 } },
    });
    expect(post.body.comments.summary.total_count).toBe(0);
    expect(post.body).not.toHaveProperty('shares');
    expect((await call(post.body.permalink_url)).text).toContain('Deux photos');
    const reuse = await call(`${graph}/${page.externalId}/feed`, {
      method: 'POST',
      body: new URLSearchParams({
        access_token: page.accessToken,
        message: 'x',
        'attached_media[0]': JSON.stringify({ media_fbid: a.body.id }),
      }),
    });
    expectGraphError(reuse, 100);
  });

  it('deletes a staged photo', async () => {
    const staged = await photo(page, { published: 'false' });
    const del = await call(`${graph}/${staged.body.id}?access_token=${page.accessToken}`, {
      method: 'DELETE',
    });
    expect(del.body).toEqual({ success: true });
    expectGraphError(await get(staged.body.id), 100, 33);
  });
});

describe('Facebook insights', () => {
  it('fails the whole request when one metric is invalid or deprecated', async () => {
    const { body } = await photo(page, { caption: 'Insights' });
    for (const bad of ['post_impressions', 'post_engaged_users', 'post_impressions_unique']) {
      const answer = await get(`${body.post_id}/insights?metric=post_media_view,${bad}`);
      expect(answer.status).toBe(400);
      expectGraphError(answer, 100);
      expect(answer.body.error.message).toBe('(#100) The value must be a valid insights metric');
    }
    expectGraphError(await get(`${body.id}/insights?metric=post_media_view`), 100);
  });

  it('serves metrics that grow with time, unique ≤ views, breakdowns as objects', async () => {
    const { body } = await photo(page, { caption: 'Growth' });
    const metrics =
      'post_media_view,post_total_media_view_unique,post_clicks,post_clicks_by_type,post_reactions_by_type_total';
    const read = async () => {
      const answer = await get(`${body.post_id}/insights?metric=${metrics}`);
      return Object.fromEntries(
        answer.body.data.map((d: { name: string; values: { value: unknown }[] }) => [
          d.name,
          d.values[0]?.value,
        ]),
      );
    };
    const now = await read();
    expect(now.post_media_view).toBe(0);
    await sim.admin('POST', '/clock', { offsetMs: 2 * DAY_MS });
    const later = await read();
    await sim.admin('POST', '/clock', { offsetMs: 20 * DAY_MS });
    const much = await read();
    expect(later.post_media_view).toBeGreaterThan(0);
    expect(much.post_media_view).toBeGreaterThanOrEqual(later.post_media_view);
    expect(much.post_total_media_view_unique).toBeLessThanOrEqual(much.post_media_view);
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(much.post_clicks_by_type)).toBe(much.post_clicks);
    expect(Object.keys(much.post_reactions_by_type_total)).toEqual([
      'like',
      'love',
      'wow',
      'haha',
      'sorry',
      'anger',
    ]);
    const counts = await get(`${body.post_id}?fields=reactions.limit(0).summary(total_count)`);
    expect(counts.body.reactions.summary.total_count).toBe(sum(much.post_reactions_by_type_total));
  });
});

describe('Facebook faults and limits', () => {
  it('throttles with 80001 once the page budget is spent, and says when access comes back', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { callBudget: 2 });
    expect((await get(page.externalId)).status).toBe(200);
    expect((await get(page.externalId)).status).toBe(200);
    const throttled = await get(page.externalId);
    expectGraphError(throttled, 80001);
    const buc = JSON.parse(throttled.headers.get('x-business-use-case-usage') ?? '')[page.externalId][0];
    expect(buc.call_count).toBeGreaterThanOrEqual(100);
    expect(buc.estimated_time_to_regain_access).toBeGreaterThan(0);
  });

  it('answers a burst of throttles, then recovers', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { burst429: 2 });
    expectGraphError(await get(page.externalId), 80001);
    expectGraphError(await get(page.externalId), 80001);
    expect((await get(page.externalId)).status).toBe(200);
  });

  it('fails every call with a transient error at a 5xx rate of 1', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { error5xxRate: 1 });
    const answer = await get(page.externalId);
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(answer.body.error).toMatchObject({ code: 2, is_transient: true });
  });

  it('reports expired, password-changed and revoked tokens with their subcodes', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { tokenExpired: true });
    expectGraphError(await get(page.externalId), 190, 463);
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { passwordChanged: true });
    expectGraphError(await get(page.externalId), 190, 460);
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { tokenRevoked: true });
    const revoked = await get(page.externalId);
    expectGraphError(revoked, 190);
    expect(revoked.body.error.error_subcode).toBeUndefined();
  });

  it('refuses to post without the page role (code 200) and detects duplicates (code 506)', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { permissionLost: true });
    expectGraphError(await photo(page, { caption: 'x' }), 200);
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { duplicateDetection: true });
    expect((await photo(page, { caption: 'Même texte' })).status).toBe(200);
    expectGraphError(await photo(page, { caption: 'Même texte' }), 506);
  });

  it('blocks posting for a policy violation (code 368) and schedules within 10 minutes to 30 days', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { policyBlock: true });
    expectGraphError(await photo(page, { caption: 'bloqué' }), 368);
    await sim.admin('DELETE', `/faults/facebook/${page.externalId}`);
    const soon = String(Math.floor(Date.now() / 1000) + 60);
    expectGraphError(await photo(page, { published: 'false', scheduled_publish_time: soon }), 100);
    const tomorrow = String(Math.floor((Date.now() + DAY_MS) / 1000));
    const scheduled = await photo(page, {
      caption: 'Demain',
      published: 'false',
      scheduled_publish_time: tomorrow,
    });
    expect(scheduled.body.post_id).toBeDefined();
    const read = await get(`${scheduled.body.post_id}?fields=id,is_published,scheduled_publish_time`);
    expect(read.body).toMatchObject({ is_published: false, scheduled_publish_time: Number(tomorrow) });
  });

  it('waits the injected latency', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { latencyMs: 300 });
    const started = Date.now();
    await get(page.externalId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('Facebook batch requests', () => {
  const batch = (ops: unknown, token = page.accessToken) =>
    call(`${graph}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body: new URLSearchParams({ batch: JSON.stringify(ops), include_headers: 'true' }).toString(),
    });

  it('answers each operation on its own, in order, a bad one alone', async () => {
    const { body } = await photo(page, { caption: 'Batch' });
    const answer = await batch([
      { method: 'GET', relative_url: `${body.post_id}/insights?metric=post_media_view` },
      { method: 'GET', relative_url: `${body.post_id}?fields=comments.limit(0).summary(total_count)` },
      { method: 'GET', relative_url: `${body.post_id}/insights?metric=post_impressions` },
    ]);
    expect(answer.status).toBe(200);
    const [insights, counts, bad] = answer.body as { code: number; body: string; headers: unknown[] }[];
    expect(insights!.code).toBe(200);
    expect(JSON.parse(insights!.body).data[0].name).toBe('post_media_view');
    expect(JSON.parse(counts!.body).comments.summary).toHaveProperty('total_count');
    expect(bad!.code).toBe(400);
    expect(JSON.parse(bad!.body).error.code).toBe(100);
    expect(Array.isArray(insights!.headers)).toBe(true);
  });

  it('refuses more than 50 operations, and a batch that is not an array', async () => {
    const ops = Array.from({ length: 51 }, () => ({ method: 'GET', relative_url: page.externalId }));
    const tooMany = await batch(ops);
    expect(tooMany.status).toBe(400);
    expectGraphError(tooMany, 100);
    expectGraphError(await batch({ not: 'an array' }), 100);
  });

  it('a throttled page answers each of its operations with 80001 and its regain time', async () => {
    await sim.admin('PUT', `/faults/facebook/${page.externalId}`, { burst429: 1 });
    const answer = await batch([{ method: 'GET', relative_url: page.externalId }]);
    const [op] = answer.body as { code: number; body: string; headers: { name: string; value: string }[] }[];
    expect(JSON.parse(op!.body).error.code).toBe(80001);
    const usage = op!.headers.find((h) => h.name === 'X-Business-Use-Case-Usage');
    expect(JSON.parse(usage!.value)[page.externalId][0].estimated_time_to_regain_access).toBeGreaterThan(0);
  });
});
