import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/modules/demo/demo.service.js';
import { seedDemoChannelsIfNone } from '../../server/modules/demo/demo-channels.js';
import { seedDemoPublicationsIfNone } from '../../server/modules/demo/demo-publications.js';
import { until } from '../setup/poll.js';
import { type Hub, startHub } from './publishing.helpers.js';

let hub: Hub;

beforeAll(async () => {
  hub = await startHub({ env: { DEMO_DATA: 'true' } });
});
afterAll(() => hub?.app.close());

describe('a fresh install with demo data', () => {
  it('publishes two demo ads on the hub pages right away and schedules the others over two weeks', async () => {
    await seedDemo();
    expect(await seedDemoChannelsIfNone()).toBeGreaterThan(0);
    const count = await seedDemoPublicationsIfNone();
    expect(count).toBe(10); // 5 ads of the active campaign × the hub's Facebook and LinkedIn pages
    expect(await seedDemoPublicationsIfNone()).toBe(0);
    const published = await until(
      async () => (await hub.admin.api.get('/api/v1/publications?status=published')).body.total as number,
      (n) => n >= 4,
      40_000,
    );
    expect(published).toBe(4);
    const later = await hub.admin.api.get('/api/v1/publications?status=scheduled&limit=100');
    expect(later.body.total).toBe(6);
    const horizon = Date.now() + 15 * 86_400_000;
    for (const p of later.body.data) expect(new Date(p.scheduledAt).getTime()).toBeLessThan(horizon);
    const posts = await (await fetch(`${hub.sandbox.url}/_admin/accounts`)).json();
    expect(posts.data.length).toBeGreaterThanOrEqual(2);
    // Seeding renders every demo ad (about 25 s on two idle cores), and the wait above allows 40 s.
  }, 120_000);
});
