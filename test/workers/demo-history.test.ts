import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/modules/demo/demo.service.js';
import { seedDemoChannelsIfNone } from '../../server/modules/demo/demo-channels.js';
import { seedDemoHistoryIfNone, simulatedMetrics } from '../../server/modules/demo/demo-history.js';
import { PublicationModel } from '../../server/modules/scheduling/publication.model.js';
import { MetricSnapshotModel } from '../../server/modules/statistics/metric-snapshot.model.js';
import { collectDueStats } from '../../server/use-cases/collect-stats.js';
import { type Hub, startHub } from './publishing.helpers.js';

let hub: Hub;

beforeAll(async () => {
  hub = await startHub({ env: { DEMO_DATA: 'true' }, workers: false });
});
afterAll(() => hub?.app.close());

describe('demo history', () => {
  it('gives a fresh install 14 months of published posts with snapshots from the simulator model, once', async () => {
    await seedDemo();
    await seedDemoChannelsIfNone();
    const started = Date.now();
    const count = await seedDemoHistoryIfNone();
    const seconds = (Date.now() - started) / 1000;
    expect(count).toBeGreaterThan(150);
    expect(seconds).toBeLessThan(30);
    expect(await seedDemoHistoryIfNone()).toBe(0);

    const pubs = await PublicationModel.find({ status: 'published' }).lean();
    expect(pubs).toHaveLength(count);
    expect(new Set(pubs.map((p) => p.month)).size).toBeGreaterThanOrEqual(14);
    const snaps = await MetricSnapshotModel.find({}).lean();
    expect(snaps.length).toBeGreaterThan(count * 5);
    // Both of Facebook's renames fall inside 14 months before 2026-11-30.
    const definitions = new Set(snaps.map((s) => s.definitions));
    expect(definitions).toContain('facebook:2025-11-15');
    expect(definitions).toContain('facebook:2026-06-15');
    expect(definitions).toContain('linkedin:2023-01-01');

    // The latest values are the simulator's own model at the last read.
    const sample = pubs[0]!;
    const last = snaps
      .filter((s) => String(s.publicationId) === String(sample._id))
      .sort((a, b) => b.at.getTime() - a.at.getTime())[0]!;
    const expected = simulatedMetrics(sample.platformPostId!, sample.publishedAt!, last.at);
    expect(sample.metrics).toMatchObject({ views: expected.views, reach: expected.reach });

    // The collector reads the recent ones from the simulator, where their posts exist.
    const due = pubs.filter((p) => p.statsDueAt);
    expect(due.length).toBeGreaterThan(0);
    const result = await collectDueStats({ now: new Date(Date.now() + 2 * 86_400_000) });
    expect(result.claimed).toBe(due.length);
    expect(result.read).toBe(due.length);
  }, 120_000);
});
