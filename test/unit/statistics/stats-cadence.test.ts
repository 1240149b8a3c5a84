import { describe, expect, it } from 'vitest';
import { nextStatsDue, type StatsCadence } from '../../../server/modules/statistics/stats-cadence.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const cadence: StatsCadence = {
  earlyIntervalMs: HOUR,
  earlyForMs: 48 * HOUR,
  intervalMs: 6 * HOUR,
  lateAfterMs: 30 * DAY,
  lateIntervalMs: DAY,
  stopAfterMs: 90 * DAY,
};
const published = new Date('2026-03-07T23:30:00Z');
const plus = (ms: number) => new Date(published.getTime() + ms);
const gap = (readAt: number) =>
  nextStatsDue(published, plus(readAt), cadence)!.getTime() - plus(readAt).getTime();

describe('stats cadence', () => {
  it('reads hourly in the first 48 hours, from publication on', () => {
    expect(nextStatsDue(published, published, cadence)).toEqual(plus(HOUR));
    expect(gap(47 * HOUR)).toBe(HOUR);
  });

  it('then every 6 hours until 30 days', () => {
    expect(gap(48 * HOUR)).toBe(6 * HOUR);
    expect(gap(29 * DAY)).toBe(6 * HOUR);
  });

  it('then daily until 90 days, the last read on the 90th day itself, then never', () => {
    expect(gap(30 * DAY)).toBe(DAY);
    expect(nextStatsDue(published, plus(89.5 * DAY), cadence)).toEqual(plus(90 * DAY));
    expect(nextStatsDue(published, plus(90 * DAY), cadence)).toBeNull();
    expect(nextStatsDue(published, plus(400 * DAY), cadence)).toBeNull();
  });

  it('follows its settings', () => {
    const fast = { ...cadence, earlyIntervalMs: 5 * MIN, earlyForMs: HOUR, stopAfterMs: 2 * DAY };
    expect(nextStatsDue(published, published, fast)).toEqual(plus(5 * MIN));
    expect(nextStatsDue(published, plus(2 * HOUR), fast)).toEqual(plus(8 * HOUR));
    expect(nextStatsDue(published, plus(2 * DAY), fast)).toBeNull();
  });
});
