import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, setConfig } from '../../../server/config/index.js';
import { ValidationError } from '../../../server/lib/errors.js';
import { monthDays, previousMonth } from '../../../server/modules/reports/report-build.js';
import { checkShareToken, ShareLinkError } from '../../../server/modules/reports/report-share.js';

beforeAll(() => {
  setConfig(
    loadConfig({
      NODE_ENV: 'test',
      HUB_TIMEZONE: 'America/Toronto',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    }),
  );
});

describe('the month a monthly build covers, in the hub’s time zone', () => {
  it('is the month before the one the job runs in, hub time (not UTC)', () => {
    // 23:30 on November 30th in Toronto is already December 1st in UTC.
    expect(previousMonth(new Date('2026-12-01T04:30:00Z'))).toBe('2026-10');
    expect(previousMonth(new Date('2026-12-01T12:00:00Z'))).toBe('2026-11');
    expect(previousMonth(new Date('2027-01-01T12:00:00Z'))).toBe('2026-12');
  });

  it('spans the month’s first and last hub-local days, DST months included', () => {
    expect(monthDays('2026-03', new Date('2026-04-01T12:00:00Z'))).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(monthDays('2026-02', new Date('2026-04-01T12:00:00Z'))).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    // Just over in Toronto (00:30 on December 1st there), though already 05:30 UTC.
    expect(monthDays('2026-11', new Date('2026-12-01T05:30:00Z'))).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
    });
  });

  it('refuses the month in progress in the hub, naming month', () => {
    // 2026-12-01T03:00Z is still November 30th in Toronto: November has not ended there.
    const refuse = () => monthDays('2026-11', new Date('2026-12-01T03:00:00Z'));
    expect(refuse).toThrow(ValidationError);
    try {
      refuse();
    } catch (err) {
      expect((err as ValidationError).details).toEqual([{ field: 'month', message: 'has not ended yet' }]);
    }
  });

  it('refuses a month that has not started in the hub, naming month', () => {
    // 2026-12-01T03:00Z is still November 30th in Toronto.
    const refuse = () => monthDays('2026-12', new Date('2026-12-01T03:00:00Z'));
    expect(refuse).toThrow(ValidationError);
    try {
      refuse();
    } catch (err) {
      expect((err as ValidationError).details).toEqual([{ field: 'month', message: 'has not ended yet' }]);
    }
  });
});

describe('a share token', () => {
  it('is refused when it is not three signed parts', () => {
    for (const token of [undefined, '', 'a.b', 'a.b.c.d', 'x'.repeat(300)])
      expect(() => checkShareToken(token)).toThrow(ShareLinkError);
  });
});
