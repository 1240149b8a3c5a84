import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';
import { pageQuery } from '../../lib/pagination.js';
import { publicationStatuses } from './publication.model.js';

export { publicationStatuses };

const offset = z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'must be a UTC offset like -05:00');
const at = z.string().trim().min(1, 'is required').max(40);

export const scheduleSchema = z.strictObject({
  adId: objectId,
  channelIds: z
    .array(objectId)
    .min(1, 'must name at least one channel')
    .max(20, 'must name 20 channels or fewer'),
  /** Hub-local `YYYY-MM-DDTHH:mm`, or ISO 8601 with an offset. */
  at,
  offset: offset.optional(),
  /** Schedules outside the campaign's period only when true. */
  confirmOutsideCampaign: z.boolean().optional(),
});
export type ScheduleInput = z.input<typeof scheduleSchema>;

export const rescheduleSchema = z.strictObject({
  at,
  offset: offset.optional(),
  confirmOutsideCampaign: z.boolean().optional(),
  /** The publication's fence as the client saw it: a move based on stale data is refused. */
  fence: z.number().int().min(0).optional(),
});
export type RescheduleInput = z.input<typeof rescheduleSchema>;

export const markPostedSchema = z.strictObject({
  permalink: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) link to the post' })
    .max(1000)
    .optional(),
  postId: z.string().trim().min(1).max(200).optional(),
});
export type MarkPostedInput = z.input<typeof markPostedSchema>;

const statusList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(publicationStatuses, { message: `must be among ${publicationStatuses.join(', ')}` })));

export const publicationListSchema = z.strictObject({
  ...pageQuery,
  limit: z.coerce.number().int().min(1, 'must be 1 or more').max(500, 'must be 500 or less').default(50),
  /** Period: instants (ISO 8601) or hub-local dates `YYYY-MM-DD` (from the start of `from` to the end of `to`). */
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  channelId: objectId.optional(),
  campaignId: objectId.optional(),
  enterpriseId: objectId.optional(),
  adId: objectId.optional(),
  status: statusList.optional(),
  sort: z.enum(['scheduledAt', '-scheduledAt']).optional(),
});
export type PublicationListQuery = z.input<typeof publicationListSchema>;
