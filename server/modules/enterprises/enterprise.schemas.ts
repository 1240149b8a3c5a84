import { z } from 'zod';
import { pageQuery, sortField } from '../../lib/pagination.js';
import { impactKinds, legalFormCodes, sectorCodes, territories } from './enterprise.constants.js';

export const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'must be a web address starting with http:// or https://');

export const slugSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens');

const label = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const impactSchema = z.strictObject({
  kind: z.enum(impactKinds),
  label: label(200),
  value: z.string().trim().max(60).optional(),
});

const fields = {
  name: label(160),
  slug: slugSchema,
  legalForm: z.enum(legalFormCodes),
  territory: z.enum(territories),
  sector: z.enum(sectorCodes),
  description: z.string().trim().max(4000),
  website: httpUrl.nullable(),
  contactEmail: z.email('must be an email address').max(254).nullable(),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1F6F5C')
    .transform((v) => v.toUpperCase()),
  impacts: z.array(impactSchema).max(12, 'must have 12 items or fewer'),
  cohorts: z.array(label(60)).max(30),
  tags: z.array(label(60)).max(30),
  active: z.boolean(),
};

export const enterpriseCreateSchema = z.strictObject({
  ...fields,
  slug: fields.slug.optional(),
  description: fields.description.optional(),
  website: fields.website.optional(),
  contactEmail: fields.contactEmail.optional(),
  brandColor: fields.brandColor.optional(),
  impacts: fields.impacts.optional(),
  cohorts: fields.cohorts.optional(),
  tags: fields.tags.optional(),
  active: fields.active.optional(),
});

export const enterpriseUpdateSchema = enterpriseCreateSchema.partial();

const boolParam = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((v) => v === 'true');

export const enterpriseSortFields = ['name', 'createdAt', 'updatedAt', 'territory', 'slug'] as const;

export const enterpriseListSchema = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(100).optional(),
  territory: z.enum(territories).optional(),
  sector: z.enum(sectorCodes).optional(),
  legalForm: z.enum(legalFormCodes).optional(),
  cohort: z.string().trim().max(60).optional(),
  active: boolParam.optional(),
  sort: sortField(enterpriseSortFields),
});

export const imageKindSchema = z.enum(['logo', 'photo']);

/** 0..1 of the photo's width or height; forms send it as text (a multipart field). */
const unit = z.coerce
  .number({ message: 'must be a number from 0 to 1' })
  .min(0, 'must be a number from 0 to 1')
  .max(1, 'must be a number from 0 to 1');

/** The point of a photo kept in view when a slot crops it: multipart fields beside the file. */
export const photoFocalFieldsSchema = z.object({
  focalX: unit.optional(),
  focalY: unit.optional(),
});

/** PATCH /enterprises/:id/photos/:fileId */
export const photoUpdateSchema = z.strictObject({
  focal: z.strictObject({ x: unit, y: unit }).optional(),
  /** Make it the default photo (ads that pick none show it). */
  default: z.literal(true).optional(),
});
export type PhotoUpdateInput = z.input<typeof photoUpdateSchema>;

export type EnterpriseCreateInput = z.input<typeof enterpriseCreateSchema>;
export type EnterpriseUpdateInput = z.input<typeof enterpriseUpdateSchema>;
export type EnterpriseListQuery = z.input<typeof enterpriseListSchema>;
