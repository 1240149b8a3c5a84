import { DateTime } from 'luxon';
import { z } from 'zod';
import { config } from '../../config/index.js';
import { objectId } from '../../lib/object-id.js';
import { pageQuery, sortField } from '../../lib/pagination.js';
import { slugSchema } from '../enterprises/enterprise.schemas.js';
import { campaignStatuses } from './campaign.model.js';

export { campaignStatuses };

/** "2026-03-01" is midnight in the hub's time zone; a full ISO date-time is taken as given. */
export const dateInput = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    message: 'must be a date (YYYY-MM-DD) or an ISO date-time',
  })
  .transform((v) =>
    v.length === 10 ? DateTime.fromISO(v, { zone: config().HUB_TIMEZONE }).toJSDate() : new Date(v),
  );

export const periodSchema = z
  .strictObject({ start: dateInput, end: dateInput })
  .refine((p) => p.end >= p.start, { path: ['end'], message: 'must be on or after the start' });

const hashtag = z
  .string()
  .trim()
  .regex(/^#?[\p{L}\p{N}_]{1,60}$/u, 'must be a hashtag: letters, digits and _ only')
  .transform((v) => v.replace(/^#/, ''));

const utmValue = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100)
  .regex(/^[\w.\-~]+$/, 'must be letters, digits, ., -, _ or ~');

export const utmSchema = z.strictObject({
  source: utmValue,
  medium: utmValue,
  campaign: utmValue,
  content: utmValue.optional(),
});

export const campaignCreateSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(160),
  slug: slugSchema.optional(),
  theme: z.string().trim().max(2000).optional(),
  period: periodSchema,
  status: z.enum(campaignStatuses).optional(),
  defaultTemplateId: z.string().trim().max(80).nullable().optional(),
  defaultChannelIds: z.array(objectId).max(20).optional(),
  enterpriseIds: z.array(objectId).max(200).optional(),
  hashtags: z.array(hashtag).max(30).optional(),
  utm: utmSchema.optional(),
  requiresApproval: z.boolean().optional(),
});

export const campaignUpdateSchema = campaignCreateSchema.partial();

export const campaignSortFields = ['name', 'createdAt', 'updatedAt', 'start', 'status'] as const;

export const campaignListSchema = z.strictObject({
  ...pageQuery,
  status: z.enum(campaignStatuses).optional(),
  q: z.string().trim().max(100).optional(),
  enterpriseId: objectId.optional(),
  sort: sortField(campaignSortFields),
});

export type CampaignCreateInput = z.input<typeof campaignCreateSchema>;
export type CampaignUpdateInput = z.input<typeof campaignUpdateSchema>;
export type CampaignListQuery = z.input<typeof campaignListSchema>;
