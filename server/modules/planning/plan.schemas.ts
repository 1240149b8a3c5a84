import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';

const day = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/** What the auto-planner needs; times and days are hub-local (HUB_TIMEZONE). */
export const planSchema = z.strictObject({
  campaignId: objectId,
  /** The channels every planned ad goes on (an enterprise's own page only for ads featuring it). */
  channelIds: z
    .array(objectId)
    .min(1, 'must name at least one channel')
    .max(20, 'must name 20 channels or fewer'),
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  weekdays: z
    .array(
      z.number().int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'),
    )
    .min(1, 'must name at least one weekday')
    .max(7),
  /** Hub-local times `HH:mm`. */
  times: z
    .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 09:30'))
    .min(1, 'must name at least one time')
    .max(24, 'must name 24 times or fewer'),
  /** Minimum time between two posts on one channel, in hours. */
  minGapHours: z
    .number()
    .min(0, 'must be 0 or more')
    .max(24 * 31, 'must be 744 hours (31 days) or less')
    .default(24),
  /** Hub-local days within the campaign's period; default: from today (or its start) to its end. */
  from: day.optional(),
  to: day.optional(),
  /** Only these ads of the campaign; default: every eligible one. */
  adIds: z.array(objectId).max(500, 'must name 500 ads or fewer').optional(),
  /** Apply only: the planId the preview answered, so that a plan changed since is refused. */
  planId: z.string().max(64).optional(),
});
export type PlanInput = z.input<typeof planSchema>;
export type PlanRequest = z.output<typeof planSchema>;
