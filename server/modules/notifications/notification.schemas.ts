import { z } from 'zod';
import { notificationKinds } from './notification.kinds.js';

/** `{ email: { approval_asked: true, publication_failed: false, … } }`: kinds left out keep their setting. */
export const preferencesSchema = z.strictObject({
  email: z.strictObject(Object.fromEntries(notificationKinds.map((k) => [k, z.boolean().optional()]))),
});
export type PreferencesInput = z.input<typeof preferencesSchema>;

/** A notification's id: 64 hex characters. */
export const notificationId = z.string().regex(/^[a-f0-9]{64}$/, 'is not a notification id');
