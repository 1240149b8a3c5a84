import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { candidateSlots } from '../../../server/modules/planning/plan-slots.js';
import {
  fairnessCap,
  type PlanAd,
  roundRobin,
  spread,
} from '../../../server/modules/planning/plan-spread.js';

const zone = 'America/Toronto';
const far = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2100-01-01T00:00:00Z') };
const ad = (id: string, enterprise: string, channels = ['fb']): PlanAd => ({
  id,
  enterpriseIds: [enterprise],
  channelIds: channels,
});

describe('candidate slots', () => {
  it('skips a time that does not exist on the spring-forward day and takes the first 01:30 in the fall', () => {
    const spring = candidateSlots({
      from: '2027-03-14',
      to: '2027-03-14',
      weekdays: [7],
      times: ['02:30', '10:00'],
      zone,
      ...far,
    });
    expect(spring.map((s) => s.local)).toEqual(['2027-03-14T10:00']);
    const fall = candidateSlots({
      from: '2027-11-07',
      to: '2027-11-07',
      weekdays: [7],
      times: ['01:30'],
      zone,
      ...far,
    });
    expect(fall.map((s) => s.at.toISOString())).toEqual(['2027-11-07T05:30:00.000Z']);
  });

  it('keeps only the chosen weekdays, in time order, with their ISO week', () => {
    const slots = candidateSlots({
      from: '2027-01-04',
      to: '2027-01-17',
      weekdays: [1, 3],
      times: ['14:00', '09:00'],
      zone,
      ...far,
    });
    expect(slots.map((s) => s.local)).toEqual([
      '2027-01-04T09:00',
      '2027-01-04T14:00',
      '2027-01-06T09:00',
      '2027-01-06T14:00',
      '2027-01-11T09:00',
      '2027-01-11T14:00',
      '2027-01-13T09:00',
      '2027-01-13T14:00',
    ]);
    expect(new Set(slots.map((s) => s.week))).toEqual(new Set(['2027-W01', '2027-W02']));
    for (const s of slots)
      expect(DateTime.fromJSDate(s.at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(s.local);
  });
});

describe('spreading ads', () => {
  const slots = candidateSlots({
    from: '2027-01-04',
    to: '2027-01-31',
    weekdays: [1, 2, 3, 4, 5],
    times: ['10:00'],
    zone,
    ...far,
  });

  it('takes enterprises in turn, the largest first', () => {
    const order = roundRobin([ad('a1', 'A'), ad('a2', 'A'), ad('a3', 'A'), ad('b1', 'B'), ad('c1', 'C')]);
    expect(order.map((a) => a.id)).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
  });

  it('caps each enterprise at ⌈its ads / weeks⌉ a week and spreads it over every week', () => {
    const ads = [...Array.from({ length: 8 }, (_, i) => ad(`a${i}`, 'A')), ad('b0', 'B'), ad('b1', 'B')];
    const { placed, unplaced, weeks } = spread({ ads, slots, gapMs: 0, busy: [] });
    expect(unplaced).toEqual([]);
    expect(weeks).toBe(4);
    const perWeek = new Map<string, number>();
    for (const p of placed)
      perWeek.set(
        `${p.enterpriseIds[0]}|${p.slot.week}`,
        (perWeek.get(`${p.enterpriseIds[0]}|${p.slot.week}`) ?? 0) + 1,
      );
    expect([...perWeek].filter(([k]) => k.startsWith('A|')).map(([, n]) => n)).toEqual([2, 2, 2, 2]);
    expect(
      Math.max(...[...perWeek].filter(([k]) => k.startsWith('B|')).map(([, n]) => n)),
    ).toBeLessThanOrEqual(fairnessCap(2, 4));
  });

  it('keeps the gap on each channel, around existing publications too, and is deterministic', () => {
    const busy = [{ channelId: 'fb', at: slots[5]!.at }];
    const input = {
      ads: [ad('a', 'A'), ad('b', 'B'), ad('c', 'C'), ad('d', 'D')],
      slots,
      gapMs: 48 * 3_600_000,
      busy,
    };
    const { placed, unplaced } = spread(input);
    expect(unplaced).toEqual([]);
    const times = [...placed.map((p) => p.slot.at.getTime()), busy[0]!.at.getTime()].sort((x, y) => x - y);
    for (let i = 1; i < times.length; i += 1)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(48 * 3_600_000);
    expect(spread(input).placed).toEqual(placed);
  });

  it('leaves out what does not fit rather than breaking a rule', () => {
    const few = slots.slice(0, 3);
    const { placed, unplaced } = spread({
      ads: [ad('a', 'A'), ad('b', 'B'), ad('c', 'C')],
      slots: few,
      gapMs: 48 * 3_600_000,
      busy: [],
    });
    expect(placed).toHaveLength(2);
    expect(unplaced).toHaveLength(1);
  });
});
