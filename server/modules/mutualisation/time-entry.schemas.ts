import { DateTime } from 'luxon';
import { z } from 'zod';
import { config } from '../../config/index.js';
import { objectId } from '../../lib/object-id.js';
import { activities } from './time-entry.model.js';

export { activities };

/**
 * A hub-local day, "YYYY-MM-DD", taken as that day's midnight in HUB_TIMEZONE; a day after
 * today in the hub's time zone is refused (time is logged once spent).
 */
const hubDay = z.iso
  .date({ message: 'must be a day (YYYY-MM-DD)' })
  .refine((v) => v <= (DateTime.now().setZone(config().HUB_TIMEZONE).toISODate() ?? ''), {
    message: 'must not be after today',
  })
  .transform((v) => DateTime.fromISO(v, { zone: config().HUB_TIMEZONE }).toJSDate());

/** "YYYY-MM" with a real month. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month (YYYY-MM)');

const minutes = z.coerce
  .number({ error: 'must be a number of minutes' })
  .int('must be a whole number of minutes')
  .min(1, 'must be at least 1 minute')
  .max(1440, 'must be at most 1,440 minutes (one day)');

const fields = {
  enterpriseId: objectId,
  date: hubDay,
  minutes,
  activity: z.enum(activities, { message: `must be one of ${activities.join(', ')}` }),
  note: z.string().trim().max(1000, 'must be at most 1,000 characters').default(''),
  campaignId: objectId.optional(),
};

/** `{ enterpriseId, date: "2026-11-03", minutes: 90, activity: "writing", note?, campaignId? }` */
export const timeEntryCreateSchema = z.strictObject(fields);
/** Any of the fields; `campaignId: null` removes the campaign. */
export const timeEntryUpdateSchema = z.strictObject({
  enterpriseId: fields.enterpriseId.optional(),
  date: fields.date.optional(),
  minutes: fields.minutes.optional(),
  activity: fields.activity.optional(),
  note: z.string().trim().max(1000, 'must be at most 1,000 characters').optional(),
  campaignId: objectId.nullable().optional(),
});
/** `?month=2026-11&enterpriseId=…` */
export const timeEntryListSchema = z.strictObject({
  month: monthSchema.optional(),
  enterpriseId: objectId.optional(),
});

export type TimeEntryCreateInput = z.input<typeof timeEntryCreateSchema>;
export type TimeEntryUpdateInput = z.input<typeof timeEntryUpdateSchema>;
export type TimeEntryListQuery = z.input<typeof timeEntryListSchema>;
/** `?month=YYYY-MM` of the totals. */
export const timeTotalsQuery = z.object({ month: monthSchema });
