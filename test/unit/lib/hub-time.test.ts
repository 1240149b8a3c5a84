import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localMinute } from '../../../server/lib/hub-time.js';

const luxon = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** Zones with DST both ways, half-hour DST (Lord Howe), odd offsets, and none. */
const zones = [
  'America/Toronto',
  'America/St_Johns',
  'America/Santiago',
  'Europe/Paris',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'UTC',
];

describe('the wall-clock minute of an instant in a zone', () => {
  it.each(zones)('is what luxon formats in %s, each hour of 2026 and each minute near a change', (zone) => {
    const same = (ms: number) => {
      if (localMinute(new Date(ms), zone) !== luxon(ms, zone))
        expect(localMinute(new Date(ms), zone), new Date(ms).toISOString()).toBe(luxon(ms, zone));
    };
    const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
    const hour = 3_600_000;
    let changes = 0;
    for (let ms = Date.UTC(2026, 0, 1), was = offset(ms); ms < Date.UTC(2027, 0, 1); ms += hour) {
      same(ms);
      const now = offset(ms + hour);
      if (now === was) continue;
      changes += 1;
      was = now;
      for (let m = ms - 2 * hour; m <= ms + 3 * hour; m += 60_000) same(m);
    }
    expect(changes).toBe(['Asia/Kathmandu', 'UTC'].includes(zone) ? 0 : 2);
  });

  it('is what luxon formats at instants with seconds and milliseconds, from 1970 to 2100', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 5_000; i += 1) {
      const ms = Math.floor(next() * Date.UTC(2100, 0, 1));
      const zone = zones[i % zones.length]!;
      if (localMinute(new Date(ms), zone) !== luxon(ms, zone))
        expect(localMinute(new Date(ms), zone), `${zone} ${ms}`).toBe(luxon(ms, zone));
    }
  });

  it('falls back an hour in Toronto: 01:30 twice, then 02:00', () => {
    const zone = 'America/Toronto';
    expect(localMinute(new Date('2026-11-01T05:30:00Z'), zone)).toBe('2026-11-01T01:30');
    expect(localMinute(new Date('2026-11-01T06:30:00Z'), zone)).toBe('2026-11-01T01:30');
    expect(localMinute(new Date('2026-11-01T07:00:00Z'), zone)).toBe('2026-11-01T02:00');
    expect(localMinute(new Date('2026-03-08T07:00:00Z'), zone)).toBe('2026-03-08T03:00');
    expect(localMinute(new Date('2027-01-01T04:59:59.999Z'), zone)).toBe('2026-12-31T23:59');
    expect(localMinute(new Date('2027-01-01T05:00:00Z'), zone)).toBe('2027-01-01T00:00');
  });

  it('pads a year before 1000 to four digits, as luxon does', () => {
    const ms = Date.UTC(999, 5, 1, 12, 0);
    expect(localMinute(new Date(ms), 'Europe/Paris')).toBe(luxon(ms, 'Europe/Paris'));
    expect(localMinute(new Date(ms), 'UTC')).toBe('0999-06-01T12:00');
  });
});
