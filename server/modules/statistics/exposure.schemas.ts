import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';
import { type Platform, platforms } from '../channels/adapters/platform.types.js';

const realDay = (v: string) => {
  const at = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(v);
};
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(realDay, {
    message: 'is not a real date',
  });
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
  .refine((v) => Number(v.slice(0, 4)) >= 2000, { message: 'must be 2000-01 or later' });
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'must be an ISO 8601 instant with Z or an offset',
  })
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'is not a real instant' });
/** A select left on "all" sends an empty value: the same as no filter. */
const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** The longest period one exposure request may cover, in days: 25 months, the history kept (monthly points beyond 62 days). */
export const EXPOSURE_MAX_DAYS = 762;

/**
 * GET /api/v1/exposure (and .csv, and the page): `month=YYYY-MM`, or `from`/`to` hub-local days
 * (inclusive); neither means last month. `asOf` (ISO 8601) reads the figures as they stood then.
 */
export const exposureQuerySchema = z.strictObject({
  month: z.preprocess(blankIsAbsent, month.optional()),
  from: z.preprocess(blankIsAbsent, day.optional()),
  to: z.preprocess(blankIsAbsent, day.optional()),
  enterpriseId: z.preprocess(blankIsAbsent, objectId.optional()),
  campaignId: z.preprocess(blankIsAbsent, objectId.optional()),
  channelId: z.preprocess(blankIsAbsent, objectId.optional()),
  platform: z.preprocess(
    blankIsAbsent,
    z
      .enum(platforms as [Platform, ...Platform[]], { message: `must be one of ${platforms.join(', ')}` })
      .optional(),
  ),
  asOf: z.preprocess(blankIsAbsent, instant.optional()),
  /** The page's own parameters, ignored here. */
  lang: z.string().optional(),
});
export type ExposureQuery = z.input<typeof exposureQuerySchema>;
