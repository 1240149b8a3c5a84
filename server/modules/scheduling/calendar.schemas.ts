import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: 'is not a real date',
    },
  );

/** The longest period one feed request may cover, in days (a month view shows six weeks). */
export const CALENDAR_MAX_DAYS = 62;

export const calendarFeedSchema = z.strictObject({
  /** First hub-local day shown, `YYYY-MM-DD`. */
  from: day,
  /** Last hub-local day shown (inclusive), `YYYY-MM-DD`. */
  to: day,
  channelId: objectId.optional(),
  campaignId: objectId.optional(),
  enterpriseId: objectId.optional(),
});
export type CalendarFeedQuery = z.input<typeof calendarFeedSchema>;
