import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';
import { monthSchema } from '../mutualisation/time-entry.service.js';

export { monthSchema };

/** `{ month: "2026-10", rebuild?: true, enterpriseId? }`: build a month (a new version with `rebuild`). */
export const buildSchema = z.strictObject({
  month: monthSchema,
  rebuild: z.boolean().default(false),
  /** Only this enterprise's report ('hub' for the hub's). */
  scope: z.union([objectId, z.literal('hub')]).optional(),
});
export type BuildInput = z.input<typeof buildSchema>;

/** `?month=YYYY-MM&enterpriseId=…` */
export const reportListSchema = z.strictObject({
  month: monthSchema.optional(),
  scope: z.union([objectId, z.literal('hub')]).optional(),
});
export type ReportListQuery = z.input<typeof reportListSchema>;

/** `{ days?: 1–365 }`: how long the share link lasts (REPORT_LINK_DAYS by default). */
export const shareSchema = z.strictObject({
  days: z.coerce.number().int('must be a whole number of days').min(1).max(365).optional(),
});

/** The reader's language for a PDF or CSV: `?lang=fr|en`. */
export const langSchema = z.enum(['fr', 'en'], { message: 'must be fr or en' });
