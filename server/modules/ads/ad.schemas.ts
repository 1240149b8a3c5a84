import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';
import { pageQuery, sortField } from '../../lib/pagination.js';
import { captionTooLong } from '../channels/adapters/caption-rules.js';
import { platforms } from '../channels/adapters/platform.types.js';
import { httpUrl } from '../enterprises/enterprise.schemas.js';
import { adStatuses } from './ad.model.js';

export { adStatuses };

/** Statuses an API client may set; scheduling and publishing set the others. */
export const editableAdStatuses = ['draft', 'ready', 'archived'] as const;

const captionText = z.string().max(100_000);

/**
 * An ad's captions: a default and an optional variant per platform. Each platform's caption
 * (its variant, else the default) must fit that platform's caption rule, counted as the
 * platform counts; the problem names the field and the limit, never the caption.
 */
export const captionSchema = z
  .strictObject({
    default: captionText,
    facebook: captionText.optional(),
    linkedin: captionText.optional(),
  })
  .superRefine((caption, ctx) => {
    for (const platform of platforms) {
      const own = caption[platform];
      const message = captionTooLong(platform, own ?? caption.default);
      if (message)
        ctx.addIssue({ code: 'custom', path: [own === undefined ? 'default' : platform], message });
    }
  });

export const adFieldsSchema = z
  .record(
    z.string().regex(/^[a-zA-Z][\w-]{0,39}$/, 'field names are letters, digits, _ and -'),
    z.string().max(2000),
  )
  .refine((f) => Object.keys(f).length <= 50, 'must have 50 fields or fewer');

export const adCreateSchema = z.strictObject({
  campaignId: objectId,
  enterpriseIds: z.array(objectId).min(1, 'must name at least one enterprise').max(10),
  templateId: z.string().trim().min(1).max(80).nullable().optional(),
  fields: adFieldsSchema.optional(),
  caption: captionSchema.optional(),
  link: httpUrl.nullable().optional(),
  approval: z.strictObject({ required: z.boolean() }).optional(),
  status: z.enum(editableAdStatuses).optional(),
});

export const adUpdateSchema = adCreateSchema.partial();

export const adSortFields = ['createdAt', 'updatedAt', 'status'] as const;

export const adListSchema = z.strictObject({
  ...pageQuery,
  campaignId: objectId.optional(),
  enterpriseId: objectId.optional(),
  status: z.enum(adStatuses).optional(),
  sort: sortField(adSortFields),
});

export type AdCreateInput = z.input<typeof adCreateSchema>;
export type AdUpdateInput = z.input<typeof adUpdateSchema>;
export type AdListQuery = z.input<typeof adListSchema>;
