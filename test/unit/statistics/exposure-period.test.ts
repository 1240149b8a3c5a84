import { describe, expect, it } from 'vitest';
import { bucketIndex, exposurePeriod } from '../../../server/modules/statistics/exposure-period.js';

const zone = 'America/Toronto';
const ms = (iso: string) => new Date(iso).getTime();

describe('exposure periods in the hub’s time zone', () => {
  it('spans a month from local midnight to local midnight, 23 hours shorter in a spring-forward month', () => {
    const march = exposurePeriod('2026-03-01', '2026-03-31', zone);
    expect(march.startMs).toBe(ms('2026-03-01T05:00:00Z'));
    expect(march.endMs).toBe(ms('2026-04-01T04:00:00Z'));
    expect(march.days).toBe(31);
    expect(march.granularity).toBe('day');
    expect(march.buckets).toHaveLength(31);
    expect(march.buckets[8]).toEqual({ key: '2026-03-09', startMs: ms('2026-03-09T04:00:00Z') });
  });

  it('puts 23:30 on the 31st in the 31st and 00:05 on the 1st in the next month', () => {
    const october = exposurePeriod('2026-10-01', '2026-10-31', zone);
    const late = ms('2026-10-31T23:30:00-04:00');
    expect(late).toBeLessThan(october.endMs);
    expect(october.buckets[bucketIndex(october.buckets, late)]!.key).toBe('2026-10-31');
    expect(ms('2026-11-01T00:05:00-04:00')).toBeGreaterThanOrEqual(october.endMs);
  });

  it('compares whole months with the months before, other periods with as many days', () => {
    expect(exposurePeriod('2026-10-01', '2026-10-31', zone).previous).toMatchObject({
      from: '2026-09-01',
      to: '2026-09-30',
    });
    expect(exposurePeriod('2026-03-01', '2026-05-31', zone).previous).toMatchObject({
      from: '2025-12-01',
      to: '2026-02-28',
    });
    expect(exposurePeriod('2026-10-10', '2026-10-16', zone).previous).toMatchObject({
      from: '2026-10-03',
      to: '2026-10-09',
    });
  });

  it('draws periods over 62 days by month and reads every month they and the previous touch', () => {
    const year = exposurePeriod('2025-12-01', '2026-11-30', zone);
    expect(year.granularity).toBe('month');
    expect(year.buckets.map((b) => b.key)).toHaveLength(12);
    expect(year.months[0]).toBe('2024-12');
    expect(year.months.at(-1)).toBe('2026-11');
    expect(year.months).toHaveLength(24);
  });
});
