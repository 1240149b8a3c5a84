import { config } from '../config/index.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one costs far more than formatting with it. */
function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** What `format` gives in en-US: `MM/DD/YYYY, HH:mm`. */
const US_MINUTE = /^(\d\d)\/(\d\d)\/(\d{4}), (\d\d):(\d\d)$/;

function fromParts(parts: Intl.DateTimeFormatPart[]): string {
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/**
 * The wall time of an instant in an IANA zone as `YYYY-MM-DDTHH:mm` (what luxon's
 * `toFormat("yyyy-MM-dd'T'HH:mm")` gives, without building a DateTime: this runs on every
 * publication write). `format` is read when it has the usual shape, three times cheaper than
 * `formatToParts`, which answers anything else (another ICU, a year before 1000).
 */
export function localMinute(at: Date, zone: string): string {
  const formatter = formatterOf(zone);
  const m = US_MINUTE.exec(formatter.format(at));
  return m ? `${m[3]}-${m[1]}-${m[2]}T${m[4]}:${m[5]}` : fromParts(formatter.formatToParts(at));
}

/** `YYYY-MM-DDTHH:mm` of an instant in the hub's time zone (HUB_TIMEZONE). */
export function hubLocalMinute(at: Date): string {
  return localMinute(at, config().HUB_TIMEZONE);
}

/** "YYYY-MM" of an instant in the hub's time zone (HUB_TIMEZONE): what monthly reports group by. */
export function hubMonth(at: Date): string {
  return hubLocalMinute(at).slice(0, 7);
}
