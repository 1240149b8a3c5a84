import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';

/** Every link a signed-in user can reach from the home page answers, never 404 or 500. */
let app: TestApp;
let enterpriseId: string;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser('admin', { email: 'links-admin@example.test' });
  enterpriseId = (await createEnterprise(admin.api, { name: 'Coop des liens' })).id;
  const campaign = await createCampaign(admin.api, { enterpriseIds: [enterpriseId] });
  await createAd(admin.api, campaign.id, [enterpriseId], { templateId: 'vitrine-produit' });
  await admin.api.post('/api/v1/channels/sandbox', { platform: 'facebook', name: 'Page des liens' });
});
afterAll(() => app?.close());

async function brokenLinks(email: string): Promise<string[]> {
  const { client } = await signInToDashboard(app, email);
  const seen = new Set<string>();
  const queue = ['/'];
  const broken: string[] = [];
  while (queue.length > 0 && seen.size < 120) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await client.get(path, { headers: browser });
    if (res.status >= 400) broken.push(`${res.status} ${path}`);
    if (!res.headers.get('content-type')?.includes('html')) continue;
    for (const m of res.text.matchAll(/href="(\/[^"#]*)"/g)) {
      const url = m[1]!.replaceAll('&amp;', '&');
      if (!url.startsWith('//') && !url.startsWith('/api/v1/channels/oauth') && !url.startsWith('/sandbox'))
        queue.push(url);
    }
  }
  return broken;
}

describe("the dashboard's links", () => {
  it.each(['admin', 'strategist', 'member'] as const)('all answer for a %s', async (role) => {
    const user = await app.createUser(role, {
      email: `crawl-${role}@example.test`,
      ...(role === 'member' ? { enterpriseId } : {}),
    });
    expect(await brokenLinks(user.user.email)).toEqual([]);
  });
});
