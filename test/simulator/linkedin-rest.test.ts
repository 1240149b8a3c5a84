import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SANDBOX_LINKEDIN_CLIENT_ID,
  SANDBOX_LINKEDIN_CLIENT_SECRET,
} from '../../server/simulator/simulator.constants.js';
import { call, DAY_MS, png, type SandboxAccount, type SimServer, startSimulator } from './sim-server.js';

let sim: SimServer;
let li: string;
let org: SandboxAccount;
const now = new Date();
const version = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
const enc = encodeURIComponent;

beforeAll(async () => {
  sim = await startSimulator();
  li = `${sim.url}/linkedin`;
  org = await sim.account('linkedin', 'Coopérative Laurentienne');
});
afterAll(() => sim.close());
afterEach(async () => {
  await sim.admin('DELETE', `/faults/linkedin/${org.externalId}`);
  await sim.admin('POST', '/clock', { offsetMs: 0 });
});

function rest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return call(`${li}/rest${path}`, {
    method,
    headers: {
      authorization: `Bearer ${org.accessToken}`,
      'linkedin-version': version,
      'x-restli-protocol-version': '2.0.0',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function uploadImage(bytes: Buffer = png()): Promise<string> {
  const init = await rest('POST', '/images?action=initializeUpload', {
    initializeUploadRequest: { owner: `urn:li:organization:${org.externalId}` },
  });
  expect(init.body.value).toMatchObject({
    uploadUrl: expect.stringContaining('/linkedin/dms-uploads/'),
    image: expect.stringMatching(/^urn:li:image:/),
  });
  const put = await call(init.body.value.uploadUrl, {
    method: 'PUT',
    headers: { authorization: `Bearer ${org.accessToken}` },
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(201);
  return init.body.value.image;
}

const names = (headers: Headers) => {
  const out: string[] = [];
  headers.forEach((_value, name) => {
    out.push(name);
  });
  return out;
};

const waitAvailable = async (urn: string) => {
  for (let i = 0; i < 50; i++) {
    const image = await rest('GET', `/images/${enc(urn)}`);
    if (image.body.status !== 'PROCESSING') return image.body.status as string;
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'PROCESSING';
};

const post = (commentary: string, extra: Record<string, unknown> = {}) =>
  rest('POST', '/posts', {
    author: `urn:li:organization:${org.externalId}`,
    commentary,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...extra,
  });

describe('LinkedIn OAuth', () => {
  it('authorizes, exchanges the code and refreshes without extending the refresh token', async () => {
    const redirect = 'http://localhost:9999/li/callback';
    const page = await call(
      `${li}/oauth/v2/authorization?response_type=code&client_id=${SANDBOX_LINKEDIN_CLIENT_ID}&redirect_uri=${enc(redirect)}&state=s1&scope=${enc('w_organization_social r_organization_social rw_organization_admin')}`,
    );
    expect(page.status).toBe(200);
    const action = /action="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const approve = await call(new URL(action, sim.url).toString(), {
      method: 'POST',
      body: new URLSearchParams({
        redirect_uri: redirect,
        state: 's1',
        scope: 'w_organization_social rw_organization_admin',
        decision: 'allow',
      }),
    });
    const code = new URL(approve.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const form = { client_id: SANDBOX_LINKEDIN_CLIENT_ID, client_secret: SANDBOX_LINKEDIN_CLIENT_SECRET };
    const token = await call(`${li}/oauth/v2/accessToken`, {
      method: 'POST',
      body: new URLSearchParams({ ...form, grant_type: 'authorization_code', code, redirect_uri: redirect }),
    });
    expect(token.body).toMatchObject({
      access_token: expect.any(String),
      expires_in: 5184000,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 31536000,
    });
    const again = await call(`${li}/oauth/v2/accessToken`, {
      method: 'POST',
      body: new URLSearchParams({ ...form, grant_type: 'authorization_code', code, redirect_uri: redirect }),
    });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });

    await sim.admin('POST', '/clock', { offsetMs: 10 * DAY_MS });
    const refreshed = await call(`${li}/oauth/v2/accessToken`, {
      method: 'POST',
      body: new URLSearchParams({
        ...form,
        grant_type: 'refresh_token',
        refresh_token: token.body.refresh_token,
      }),
    });
    expect(refreshed.body.expires_in).toBe(5184000);
    expect(refreshed.body.refresh_token_expires_in).toBeLessThanOrEqual(31536000 - 10 * 86400 + 1);
    const acls = await call(`${li}/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`, {
      headers: {
        authorization: `Bearer ${refreshed.body.access_token}`,
        'linkedin-version': version,
        'x-restli-protocol-version': '2.0.0',
      },
    });
    expect(acls.body.elements).toContainEqual(
      expect.objectContaining({
        organization: `urn:li:organization:${org.externalId}`,
        role: 'ADMINISTRATOR',
        state: 'APPROVED',
      }),
    );
  });
});

describe('LinkedIn versioned REST', () => {
  it('requires a well-formed, active version and the Rest.li 2.0 header', async () => {
    expect(
      (await rest('GET', `/organizations/${org.externalId}`, undefined, { 'linkedin-version': '' })).status,
    ).toBe(400);
    expect(
      (await rest('GET', `/organizations/${org.externalId}`, undefined, { 'linkedin-version': '2026-07' }))
        .status,
    ).toBe(400);
    const old = await rest('GET', `/organizations/${org.externalId}`, undefined, {
      'linkedin-version': '202411',
    });
    expect(old.status).toBe(426);
    expect(old.body).toEqual({
      status: 426,
      code: 'NONEXISTENT_VERSION',
      message: 'Requested version 20241101 is not active',
    });
    expect(
      (await rest('GET', `/organizations/${org.externalId}`, undefined, { 'x-restli-protocol-version': '' }))
        .status,
    ).toBe(400);
    const batch = await rest('GET', `/organizations?ids=List(${org.externalId})`);
    expect(batch.body.results[org.externalId]).toMatchObject({ localizedName: org.name });
    const decorated = await rest(
      'GET',
      `/organizationAcls?q=roleAssignee&projection=${enc('(elements*(organization~(localizedName)))')}`,
    );
    expect(decorated.body.elements[0]['organization~']).toMatchObject({ localizedName: org.name });
    const good = await rest('GET', `/organizations/${org.externalId}`);
    expect(good.body).toMatchObject({
      id: Number(org.externalId),
      localizedName: org.name,
      vanityName: expect.any(String),
    });
  });

  it('recovers from an expired token with one refresh, but not from a revoked grant', async () => {
    const own = await sim.account('linkedin', 'Refresh Coop');
    const form = { client_id: SANDBOX_LINKEDIN_CLIENT_ID, client_secret: SANDBOX_LINKEDIN_CLIENT_SECRET };
    const acls = (token: string) =>
      call(`${li}/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`, {
        headers: {
          authorization: `Bearer ${token}`,
          'linkedin-version': version,
          'x-restli-protocol-version': '2.0.0',
        },
      });
    const refresh = () =>
      call(`${li}/oauth/v2/accessToken`, {
        method: 'POST',
        body: new URLSearchParams({
          ...form,
          grant_type: 'refresh_token',
          refresh_token: own.refreshToken ?? '',
        }),
      });
    await sim.admin('PUT', `/faults/linkedin/${own.externalId}`, { tokenExpired: true });
    expect((await acls(own.accessToken)).body).toMatchObject({ status: 401, serviceErrorCode: 65602 });
    const renewed = await refresh();
    expect(renewed.status).toBe(200);
    const listed = await acls(renewed.body.access_token);
    expect(listed.body.elements).toEqual([
      expect.objectContaining({ organization: `urn:li:organization:${own.externalId}` }),
    ]);
    await sim.admin('PUT', `/faults/linkedin/${own.externalId}`, { tokenRevoked: true });
    const refused = await refresh();
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_request');
  });

  it('answers 401 with the platform codes for bad tokens', async () => {
    const bad = await rest('GET', '/organizationAcls?q=roleAssignee', undefined, {
      authorization: 'Bearer nope',
    });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
    await sim.admin('PUT', `/faults/linkedin/${org.externalId}`, { tokenRevoked: true });
    const revoked = await rest('GET', '/organizationAcls?q=roleAssignee');
    expect(revoked.body).toMatchObject({
      status: 401,
      serviceErrorCode: 65601,
      code: 'REVOKED_ACCESS_TOKEN',
    });
  });

  it('uploads an image that is PROCESSING a moment, then AVAILABLE; non-images fail processing', async () => {
    await sim.admin('PUT', `/faults/linkedin/${org.externalId}`, { processingMs: 200 });
    const urn = await uploadImage();
    expect((await rest('GET', `/images/${enc(urn)}`)).body).toMatchObject({ id: urn, status: 'PROCESSING' });
    expect(await waitAvailable(urn)).toBe('AVAILABLE');
    expect(await waitAvailable(await uploadImage(Buffer.from('not an image')))).toBe('PROCESSING_FAILED');
  });

  it('creates a post: 201, empty body, x-restli-id; the text is cut at the first unescaped reserved character', async () => {
    const image = await uploadImage();
    expect(await waitAvailable(image)).toBe('AVAILABLE');
    const commentary = 'Bravo \\(coop\\) #economiesociale @[Coop](urn:li:organization:1) ok (oups) fin';
    const created = await post(commentary, { content: { media: { id: image, altText: 'Affiche' } } });
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    const urn = created.headers.get('x-restli-id') ?? '';
    expect(urn).toMatch(/^urn:li:share:\d+$/);
    const stored = await rest('GET', `/posts/${enc(urn)}`);
    expect(stored.body.commentary).toBe(
      'Bravo \\(coop\\) #economiesociale @[Coop](urn:li:organization:1) ok ',
    );
    const listed = await sim.admin<{ data: { postId: string; displayText: string }[] }>(
      'GET',
      `/posts?platform=linkedin&externalId=${org.externalId}`,
    );
    expect(listed.data.find((p) => p.postId === urn)?.displayText).toBe(
      'Bravo (coop) #economiesociale Coop ok ',
    );
    const feed = await call(`${sim.url}/feeds/linkedin/${org.externalId}`);
    expect(feed.text).toContain('Bravo (coop)');
    expect(feed.text).not.toContain('oups');
  });

  it('refuses a duplicate post with 422 DUPLICATE_POST and a post for another organization with 403', async () => {
    expect((await post('Deux fois la même chose')).status).toBe(201);
    const twice = await post('Deux fois la même chose');
    expect(twice.status).toBe(422);
    expect(twice.body.errorDetails.inputErrors[0].code).toBe('DUPLICATE_POST');
    const other = await sim.account('linkedin', 'Autre');
    const denied = await post('x', { author: `urn:li:organization:${other.externalId}` });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ status: 403, code: 'ACCESS_DENIED' });
  });

  it('throttles with a bare 429: no rate-limit headers and no Retry-After', async () => {
    await sim.admin('PUT', `/faults/linkedin/${org.externalId}`, { burst429: 1 });
    const throttled = await rest('GET', '/organizationAcls?q=roleAssignee');
    expect(throttled.status).toBe(429);
    expect(throttled.body).toMatchObject({ status: 429, serviceErrorCode: 101 });
    expect(throttled.headers.get('retry-after')).toBeNull();
    expect(names(throttled.headers).filter((h) => /rate|usage|limit/i.test(h))).toEqual([]);
    expect((await rest('GET', '/organizationAcls?q=roleAssignee')).status).toBe(200);
  });
});

describe('LinkedIn share statistics', () => {
  it('accepts Rest.li 2.0 lists, rejects shares[0] with 403 and leaves out posts with no activity', async () => {
    const a = (await post('Statistiques A')).headers.get('x-restli-id') ?? '';
    const b = (await post('Statistiques B')).headers.get('x-restli-id') ?? '';
    const entity = enc(`urn:li:organization:${org.externalId}`);
    const base = `/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${entity}`;
    const fresh = await rest('GET', `${base}&shares=List(${enc(a)},${enc(b)})`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual({ paging: { count: 10, start: 0, links: [] }, elements: [] });

    await sim.admin('POST', '/clock', { offsetMs: 3 * DAY_MS });
    const later = await rest('GET', `${base}&shares=List(${enc(a)},${enc(b)})`);
    expect(later.body.elements).toHaveLength(2);
    const row = later.body.elements[0];
    expect(row).toMatchObject({ organizationalEntity: `urn:li:organization:${org.externalId}`, share: a });
    const s = row.totalShareStatistics;
    expect(s.uniqueImpressionsCount).toBeLessThanOrEqual(s.impressionCount);
    expect(s.engagement).toBeCloseTo(
      (s.clickCount + s.likeCount + s.commentCount + s.shareCount) / s.impressionCount,
      10,
    );

    const old = await rest('GET', `${base}&shares[0]=${enc(a)}`);
    expect(old.status).toBe(403);
    expect(old.body).toMatchObject({
      status: 403,
      serviceErrorCode: 100,
      code: 'ACCESS_DENIED',
      message: expect.stringContaining('Unpermitted fields present in PARAMETER'),
    });
    expect((await rest('GET', `${base}&shares=List(${a})`)).status).toBe(400);
    await sim.admin('PUT', `/faults/linkedin/${org.externalId}`, { permissionLost: true });
    expect((await rest('GET', `${base}&shares=List(${enc(a)})`)).status).toBe(403);
  });
});
