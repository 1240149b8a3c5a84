import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, csrfIn, form, signInToDashboard } from '../setup/dashboard.js';
import {
  adFor,
  countPosts,
  type Hub,
  sandboxChannel,
  schedule,
  settled,
  startHub,
} from './publishing.helpers.js';

let hub: Hub;

beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.app.close());

describe('publications that need action, in the dashboard', () => {
  it('shows staff a banner on every page and a list where they can publish again', async () => {
    const staff = (await signInToDashboard(hub.app, hub.admin.user.email)).client;
    const channel = await sandboxChannel(hub, 'linkedin', 'Organisation refusée');
    await hub.sandbox.fault('linkedin', channel.externalId, { processingFails: true });
    const [id] = await schedule(hub, await adFor(hub, 'Image refusée puis acceptée'), [channel.id]);
    const failed = await settled(hub, id!, ['failed', 'published']);
    expect(failed.status).toBe('failed');

    const anyPage = await staff.get('/enterprises', { headers: browser });
    expect(anyPage.text).toContain('1 publication(s) à traiter');
    expect(anyPage.text).toContain('href="/publications"');
    const list = await staff.get('/publications', { headers: browser });
    expect(list.status).toBe(200);
    expect(list.text).toContain('Organisation refusée');
    expect(list.text).toContain('LinkedIn could not process the image');

    await hub.sandbox.clearFaults('linkedin', channel.externalId);
    const retry = await staff.request(
      'POST',
      `/publications/${id}/retry`,
      form({ _csrf: csrfIn(list.text) }),
    );
    expect(retry.status).toBe(303);
    expect((await settled(hub, id!, ['published', 'failed'])).status).toBe('published');
    expect(await countPosts(hub, channel, 'Image refusée puis acceptée')).toBe(1);
    expect((await staff.get('/enterprises', { headers: browser })).text).not.toContain('à traiter');
  });

  it('answers 404 to members, like other staff pages', async () => {
    const member = await hub.app.createUser('member', {
      enterpriseId: hub.enterpriseId,
      email: 'pub-member@example.test',
    });
    const client = (await signInToDashboard(hub.app, member.user.email)).client;
    expect((await client.get('/publications', { headers: browser })).status).toBe(404);
  });
});
