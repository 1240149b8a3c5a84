import { DateTime } from 'luxon';
import { config } from '../config/index.js';

/** "YYYY-MM" of an instant in the hub's time zone (HUB_TIMEZONE): what monthly reports group by. */
export function hubMonth(at: Date): string {
  return DateTime.fromJSDate(at, { zone: config().HUB_TIMEZONE }).toFormat('yyyy-MM');
}
