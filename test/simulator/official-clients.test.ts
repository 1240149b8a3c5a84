import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { RestliClient } from 'linkedin-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, png, type SandboxAccount, type SimServer, startSimulator } from './sim-server.js';

/** The few parts of facebook-nodejs-business-sdk used here (it ships no types). */
interface FbObject {
  _data: Record<string, unknown>;
}
interface FbSdk {
  FacebookAdsApi: { init(token: string, locale: string, crashLog: boolean): unknown; GRAPH: string };
  Page: new (
    id: string,
    data?: unknown,
    parentId?: unknown,
    api?: unknown,
  ) => {
    createPhoto(fields: string[], params: Record<string, unknown>): Promise<FbObject>;
  };
  PagePost: new (
    id: string,
    data?: unknown,
    parentId?: unknown,
    api?: unknown,
  ) => {
    getInsights(fields: string[], params: Record<string, unknown>): Promise<FbObject[]>;
  };
}
const sdk = createRequire(import.meta.url)('facebook-nodejs-business-sdk') as FbSdk;

let sim: SimServer;
let org: SandboxAccount;
let page: SandboxAccount;
let images: http.Server;
const now = new Date();
const version = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;

beforeAll(async () => {
  sim = await startSimulator();
  org = await sim.account('linkedin', 'Coop Officielle');
  page = await sim.account('facebook', 'Page Officielle');
  // Where the SDK's `url` photo parameter points: Graph fetches the image itself.
  images = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png()));
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  images.closeAllConnections();
  images.close();
  await sim.admin('POST', '/clock', { offsetMs: 0 });
  await sim.close();
});

/** The official client, re-pointed from api.linkedin.com to the simulator; it records what it sends. */
function linkedInClient(sent: { method?: string; override?: unknown }[]): RestliClient {
  const client = new RestliClient();
  client.axiosInstance.interceptors.request.use((config) => {
    config.url = config.url?.replace('https://api.linkedin.com/rest', `${sim.url}/linkedin/rest`);
    sent.push({ method: config.method, override: config.headers?.['X-HTTP-Method-Override'] });
    return config;
  });
  return client;
}

describe('linkedin-api-client (RestliClient) against the simulator', () => {
  it('creates posts, then reads share statistics for 120 posts through a tunneled query', async () => {
    const sent: { method?: string; override?: unknown }[] = [];
    const client = linkedInClient(sent);
    const author = `urn:li:organization:${org.externalId}`;
    const urns: string[] = [];
    for (let i = 0; i < 120; i++) {
      const created = await client.create({
        resourcePath: '/posts',
        entity: {
          author,
          commentary: `Publication officielle ${i}`,
          visibility: 'PUBLIC',
          distribution: {
            feedDistribution: 'MAIN_FEED',
            targetEntities: [],
            thirdPartyDistributionChannels: [],
          },
          lifecycleState: 'PUBLISHED',
        },
        accessToken: org.accessToken,
        versionString: version,
      });
      urns.push(created.createdEntityId as string);
    }
    expect(urns[0]).toMatch(/^urn:li:share:/);
    // A few days later, most posts have activity (those with none are left out, as LinkedIn does).
    await sim.admin('POST', '/clock', { offsetMs: 3 * DAY_MS });
    const stats = await client.finder({
      resourcePath: '/organizationalEntityShareStatistics',
      finderName: 'organizationalEntity',
      queryParams: { organizationalEntity: author, shares: urns },
      accessToken: org.accessToken,
      versionString: version,
    });
    expect(sent.at(-1)).toEqual({ method: 'post', override: 'GET' });
    expect(stats.status).toBe(200);
    const elements = stats.data.elements as { share: string }[];
    expect(elements.length).toBeGreaterThan(100);
    expect(elements.every((e) => urns.includes(e.share))).toBe(true);

    // Exactly the answer the plain GET gets.
    const query = `q=organizationalEntity&organizationalEntity=${encodeURIComponent(author)}&shares=List(${urns.map(encodeURIComponent).join(',')})`;
    const plain = await fetch(`${sim.url}/linkedin/rest/organizationalEntityShareStatistics?${query}`, {
      headers: {
        authorization: `Bearer ${org.accessToken}`,
        'linkedin-version': version,
        'x-restli-protocol-version': '2.0.0',
      },
    });
    // The same answer, read a moment later: metrics grow with the post's age (to the
    // millisecond), so a count may have stepped up by one meanwhile, never more.
    expectSameAnswerLater(stats.data, await plain.json());
  });

  it('finds posts by author with a finder', async () => {
    const client = linkedInClient([]);
    const found = await client.finder({
      resourcePath: '/posts',
      finderName: 'author',
      queryParams: {
        author: `urn:li:organization:${org.externalId}`,
        count: 5,
        start: 0,
        sortBy: 'LAST_MODIFIED',
      },
      accessToken: org.accessToken,
      versionString: version,
    });
    expect(found.data.elements).toHaveLength(5);
    expect(found.data.elements[0]).toMatchObject({ commentary: 'Publication officielle 119' });
  });
});

describe('facebook-nodejs-business-sdk against the simulator', () => {
  it('posts a photo (by url) and reads its insights, with the SDK re-pointed at the simulator', async () => {
    Object.defineProperty(sdk.FacebookAdsApi, 'GRAPH', {
      get: () => `${sim.url}/facebook`,
      configurable: true,
    });
    const api = sdk.FacebookAdsApi.init(page.accessToken, 'fr_CA', false);
    const imageUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/ad.png`;
    const photo = await new sdk.Page(page.externalId, undefined, undefined, api).createPhoto([], {
      url: imageUrl,
      caption: 'Par le SDK officiel',
      published: true,
    });
    const postId = photo._data.post_id as string;
    expect(postId).toMatch(new RegExp(`^${page.externalId}_\\d+$`));
    const insights = await new sdk.PagePost(postId, undefined, undefined, api).getInsights([], {
      metric: ['post_media_view', 'post_reactions_by_type_total'],
    });
    expect(insights.map((row) => row._data.name)).toEqual([
      'post_media_view',
      'post_reactions_by_type_total',
    ]);
    const values = (insights[0]?._data.values ?? []) as { value: unknown }[];
    expect(typeof values[0]?.value).toBe('number');
  });
});

/**
 * `later` has the shape and texts of `earlier`; each number is the same or grew by a hair
 * (a count by at most 2, a rate by at most 0.1 %): what the same query answers a moment later.
 */
function expectSameAnswerLater(earlier: unknown, later: unknown, at = 'answer'): void {
  if (typeof earlier === 'number' && typeof later === 'number') {
    const grew = later - earlier;
    expect(grew, at).toBeGreaterThanOrEqual(0);
    expect(grew, at).toBeLessThanOrEqual(Number.isInteger(earlier) ? 2 : Math.max(1e-9, earlier * 1e-3));
    return;
  }
  if (earlier && later && typeof earlier === 'object' && typeof later === 'object') {
    expect(Object.keys(later).sort(), at).toEqual(Object.keys(earlier).sort());
    for (const [key, value] of Object.entries(earlier)) {
      expectSameAnswerLater(value, (later as Record<string, unknown>)[key], `${at}.${key}`);
    }
    return;
  }
  expect(later, at).toEqual(earlier);
}
