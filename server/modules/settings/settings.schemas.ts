import { z } from 'zod';

/** `{ strategistHourlyRate: 65.5, currency: 'CAD' }`: dollars per hour, at most two decimals. */
export const settingsSchema = z.strictObject({
  strategistHourlyRate: z.coerce
    .number({ error: 'must be a number of dollars per hour' })
    .min(0, 'must be 0 or more')
    .max(10_000, 'must be 10,000 or less')
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'must have at most two decimals'),
  currency: z.literal('CAD', { error: 'must be CAD' }).default('CAD'),
});
export type SettingsInput = z.input<typeof settingsSchema>;
