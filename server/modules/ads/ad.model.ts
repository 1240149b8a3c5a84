import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { writeGeneration } from '../../lib/write-generation.js';
import { captionRules, longestCaptionLimit } from '../channels/adapters/caption-rules.js';
import type { Platform } from '../channels/adapters/platform.types.js';

export const adStatuses = ['draft', 'ready', 'scheduled', 'published', 'archived'] as const;
export type AdStatus = (typeof adStatuses)[number];
export const approvalStatuses = ['pending', 'approved', 'changes_requested'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/**
 * The platform's caption rule (ad.schemas checks it first, with the default's fallback): a
 * default caption only within the longest limit. The message never echoes the caption.
 */
function captionFits(platform?: Platform) {
  const rule = platform ? captionRules[platform] : undefined;
  const max = rule?.maxChars ?? longestCaptionLimit;
  return {
    validator: (v: unknown) => typeof v !== 'string' || (rule ? rule.count(v) : v.length) <= max,
    message: `must be at most ${max} characters${rule ? ` as ${rule.label} counts them` : ''}`,
  };
}

const renderSchema = new Schema(
  {
    format: { type: String, required: true, maxlength: 60 },
    fileId: { type: Schema.Types.ObjectId, required: true },
    hash: { type: String, required: true },
    width: { type: Number, required: true, min: 1 },
    height: { type: Number, required: true, min: 1 },
    bytes: { type: Number, required: true, min: 0 },
    contentType: { type: String, required: true },
    /** A small WebP of the render as a data URL (a few KB), for lists. */
    thumbnail: { type: String, maxlength: 100_000 },
    renderedAt: { type: Date, default: () => new Date() },
  },
  { _id: false },
);

const adSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    enterpriseIds: {
      type: [Schema.Types.ObjectId],
      required: true,
      validate: { validator: (v: unknown[]) => v.length >= 1, message: 'must name at least one enterprise' },
    },
    templateId: { type: String, trim: true, maxlength: 80 },
    fields: { type: Map, of: String, default: () => new Map() },
    caption: {
      default: { type: String, default: '', validate: captionFits() },
      facebook: { type: String, validate: captionFits('facebook') },
      linkedin: { type: String, validate: captionFits('linkedin') },
    },
    link: { type: String, trim: true, maxlength: 500 },
    renders: { type: [renderSchema], default: [] },
    approval: {
      required: { type: Boolean, default: false },
      status: { type: String, enum: approvalStatuses },
      by: { type: Schema.Types.ObjectId },
      at: { type: Date },
      comment: { type: String, maxlength: 2000 },
      /** The revision `status` is about: a later edit asks again. */
      revision: { type: Number, min: 1 },
    },
    status: { type: String, enum: adStatuses, default: 'draft', required: true },
    /** Content revision: each edit adds one; a publication records the revision it sent. */
    revision: { type: Number, min: 1, default: 1 },
    createdBy: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
adSchema.index({ campaignId: 1, createdAt: -1 });
adSchema.index({ enterpriseIds: 1 });
adSchema.index({ status: 1 });
/** Bumped by every ad write, in any process: the publish path's kept ads follow it (currentAd). */
export const adWrites = writeGeneration('ads');
adSchema.plugin(adWrites.hooks);

export type AdDoc = InferSchemaType<typeof adSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const AdModel = model('Ad', adSchema);
