import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, setConfig } from '../../../server/config/index.js';
import { ValidationError } from '../../../server/lib/errors.js';
import { hubMonth } from '../../../server/lib/hub-time.js';
import { instantsOf, resolveHubTime } from '../../../server/modules/scheduling/local-time.js';

const zone = 'America/Toronto';
const iso = (local: string, offset?: string) =>
  resolveHubTime({ at: local, offset }, zone).instant.toISOString();
const refusal = (local: string, offset?: string) => {
  try {
    resolveHubTime({ at: local, offset }, zone);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError & { details: { field: string; message: string }[] };
  }
  throw new Error(`${local} was accepted`);
};

// Spring forward: 02:00 EST → 03:00 EDT. Fall back: 02:00 EDT → 01:00 EST.
describe.each([
  { year: 2026, spring: '2026-03-08', fall: '2026-11-01' },
  { year: 2027, spring: '2027-03-14', fall: '2027-11-07' },
])('hub-local times in America/Toronto around the $year DST changes', ({ spring, fall }) => {
  it.each(['02:00', '02:30', '02:59'])(
    'refuses %s on the spring-forward day, naming 01:59 and 03:00',
    (t) => {
      expect(instantsOf(`${spring}T${t}`, zone)).toEqual([]);
      const err = refusal(`${spring}T${t}`);
      expect(err.details).toEqual([
        { field: 'at', message: expect.stringContaining('Choose 01:59 or 03:00') },
      ]);
      expect(err.message).toContain(`${t} does not exist on ${spring} in ${zone}`);
    },
  );

  it('accepts the valid times either side of the gap, in EST and then EDT', () => {
    expect(iso(`${spring}T01:59`)).toBe(`${spring}T06:59:00.000Z`);
    expect(iso(`${spring}T03:00`)).toBe(`${spring}T07:00:00.000Z`);
    expect(instantsOf(`${spring}T03:00`, zone)).toHaveLength(1);
  });

  it('takes the first 01:30 on the fall-back day and says how to ask for the second', () => {
    expect(instantsOf(`${fall}T01:30`, zone).map((d) => d.toUTC().toISO())).toEqual([
      `${fall}T05:30:00.000Z`,
      `${fall}T06:30:00.000Z`,
    ]);
    const first = resolveHubTime({ at: `${fall}T01:30` }, zone);
    expect(first.instant.toISOString()).toBe(`${fall}T05:30:00.000Z`);
    expect(first.note).toMatch(/happens twice .* first \(UTC-04:00\) was taken\. Send offset -05:00/);
  });

  it('takes the instant the offset names for an ambiguous time, and refuses an offset that fits neither', () => {
    expect(iso(`${fall}T01:30`, '-04:00')).toBe(`${fall}T05:30:00.000Z`);
    expect(iso(`${fall}T01:30`, '-05:00')).toBe(`${fall}T06:30:00.000Z`);
    expect(resolveHubTime({ at: `${fall}T01:30`, offset: '-05:00' }, zone).note).toBeUndefined();
    const err = refusal(`${fall}T01:30`, '-06:00');
    expect(err.details).toEqual([{ field: 'offset', message: expect.stringContaining('-04:00 or -05:00') }]);
  });

  it('reads the hour around the fall-back as one instant each', () => {
    expect(iso(`${fall}T00:59`)).toBe(`${fall}T04:59:00.000Z`);
    expect(iso(`${fall}T02:00`)).toBe(`${fall}T07:00:00.000Z`);
    expect(resolveHubTime({ at: `${fall}T02:00` }, zone).note).toBeUndefined();
  });
});

describe('hub-local times on ordinary days', () => {
  it('reads a winter time as EST and a summer time as EDT', () => {
    expect(iso('2026-01-15T10:00')).toBe('2026-01-15T15:00:00.000Z');
    expect(iso('2026-07-15T10:00:30')).toBe('2026-07-15T14:00:30.000Z');
  });

  it('takes an exact instant as it is, with Z or an offset, even inside the local gap', () => {
    expect(iso('2026-03-08T07:30:00Z')).toBe('2026-03-08T07:30:00.000Z');
    expect(iso('2026-03-08T02:30-05:00')).toBe('2026-03-08T07:30:00.000Z');
    expect(iso('2026-11-01T01:30:00.250-05:00')).toBe('2026-11-01T06:30:00.250Z');
  });

  it('refuses what is neither a local time nor an instant, naming the field', () => {
    for (const at of ['2026-02-30T10:00', 'demain 10h', '2026-01-15 10:00', '2026-01-15T25:00']) {
      expect(refusal(at).details[0]?.field).toBe('at');
    }
  });
});

describe('the month an instant belongs to, in the hub time zone', () => {
  beforeAll(() => {
    setConfig(
      loadConfig({
        NODE_ENV: 'test',
        HUB_TIMEZONE: zone,
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      }),
    );
  });

  it('keeps 23:30 on the last day of a month in that month, although UTC is already in the next', () => {
    expect(hubMonth(new Date(iso('2026-01-31T23:30')))).toBe('2026-01');
    expect(hubMonth(new Date('2026-02-01T04:30:00Z'))).toBe('2026-01');
    expect(hubMonth(new Date(iso('2026-10-31T23:30')))).toBe('2026-10');
    expect(hubMonth(new Date(iso('2026-12-31T23:59')))).toBe('2026-12');
  });

  it('starts the month at local midnight', () => {
    expect(hubMonth(new Date(iso('2026-02-01T00:00')))).toBe('2026-02');
    expect(hubMonth(new Date('2026-11-01T04:00:00Z'))).toBe('2026-11');
    expect(hubMonth(new Date(iso('2027-01-01T00:00')))).toBe('2027-01');
  });
});

describe('exact instants (ISO 8601 with Z or an offset)', () => {
  it('takes any offset in use, from UTC−12:00 to UTC+14:00', () => {
    expect(iso('2026-12-20T10:00:00Z')).toBe('2026-12-20T10:00:00.000Z');
    expect(iso('2026-12-20T10:00:00+14:00')).toBe('2026-12-19T20:00:00.000Z');
    expect(iso('2026-12-20T10:00:00-12:00')).toBe('2026-12-20T22:00:00.000Z');
  });

  it.each(['+99:00', '+23:59', '+15:00', '-13:00'])(
    'refuses the offset %s, which no place uses',
    (offset) => {
      const err = refusal(`2026-12-20T10:00:00${offset}`);
      expect(err.details).toEqual([{ field: 'at', message: expect.stringContaining('no place uses') }]);
    },
  );
});
