import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';
import { monthSchema } from '../mutualisation/time-entry.service.js';

export { monthSchema };

/**
 * `{ month: "2026-10", rebuild?: true, resend?: true, scope? }`: build a month (a new version
 * with `rebuild`; a new version is emailed again only with `resend`).
 */
export const buildSchema = z.strictObject({
  month: monthSchema,
  rebuild: z.boolean().default(false),
  /** Email the new versions of a rebuild too (a first version is always emailed). */
  resend: z.boolean().default(false),
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

/** The longest a share link may last, in days. */
export const SHARE_MAX_DAYS = 365;
const shareDaysMessage = `must be a whole number of days from 1 to ${SHARE_MAX_DAYS}`;

/** How long a share link lasts: a whole number of days, 1–365. */
export const shareDaysSchema = z.coerce
  .number({ error: shareDaysMessage })
  .int(shareDaysMessage)
  .min(1, shareDaysMessage)
  .max(SHARE_MAX_DAYS, shareDaysMessage);

/** `{ days?: 1–365 }`: how long the share link lasts (REPORT_LINK_DAYS by default). */
export const shareSchema = z.strictObject({ days: shareDaysSchema.optional() });

/** The reader's language for a PDF or CSV: `?lang=fr|en`. */
export const langSchema = z.enum(['fr', 'en'], { message: 'must be fr or en' });
