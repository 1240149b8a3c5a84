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

/**
 * The wall time of an instant in an IANA zone as `YYYY-MM-DDTHH:mm` (what luxon's
 * `toFormat("yyyy-MM-dd'T'HH:mm")` gives, without building a DateTime: this runs on every
 * publication write).
 */
export function localMinute(at: Date, zone: string): string {
  let year = '';
  let month = '';
  let day = '';
  let hour = '';
  let minute = '';
  for (const { type, value } of formatterOf(zone).formatToParts(at)) {
    if (type === 'year') year = value.padStart(4, '0');
    else if (type === 'month') month = value;
    else if (type === 'day') day = value;
    else if (type === 'hour') hour = value;
    else if (type === 'minute') minute = value;
  }
  return `${year}-${month}-${day}T${hour}:${minute}`;
}

/** `YYYY-MM-DDTHH:mm` of an instant in the hub's time zone (HUB_TIMEZONE). */
export function hubLocalMinute(at: Date): string {
  return localMinute(at, config().HUB_TIMEZONE);
}

/** "YYYY-MM" of an instant in the hub's time zone (HUB_TIMEZONE): what monthly reports group by. */
export function hubMonth(at: Date): string {
  return hubLocalMinute(at).slice(0, 7);
}
