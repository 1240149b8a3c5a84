import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { writeGeneration } from '../../lib/write-generation.js';

export const campaignStatuses = ['draft', 'active', 'completed', 'archived'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

const campaignSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 160 },
    nameKey: { type: String, required: true },
    slug: { type: String, required: true, match: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, maxlength: 80 },
    theme: { type: String, trim: true, maxlength: 2000, default: '' },
    period: {
      start: { type: Date, required: true },
      end: {
        type: Date,
        required: true,
        validate: {
          validator(this: { period?: { start?: Date } }, end: Date) {
            const start = this.period?.start;
            return !start || end >= start;
          },
          message: 'must be on or after the start',
        },
      },
    },
    status: { type: String, enum: campaignStatuses, default: 'draft', required: true },
    defaultTemplateId: { type: String, trim: true, maxlength: 80 },
    defaultChannelIds: { type: [Schema.Types.ObjectId], default: [] },
    enterpriseIds: { type: [Schema.Types.ObjectId], default: [] },
    hashtags: { type: [String], default: [] },
    /** Each featured enterprise approves an ad's current revision before it can be scheduled. */
    requiresApproval: { type: Boolean, default: false },
    utm: {
      source: { type: String, trim: true, maxlength: 100, default: 'vitrine' },
      medium: { type: String, trim: true, maxlength: 100, default: 'social' },
      campaign: { type: String, trim: true, maxlength: 100 },
      content: { type: String, trim: true, maxlength: 100 },
    },
    createdBy: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
campaignSchema.index({ slug: 1 }, { unique: true });
campaignSchema.index({ status: 1, 'period.start': -1 });
campaignSchema.index({ enterpriseIds: 1 });
/** Bumped by every campaign write, in any process: the publish path's kept campaigns follow it. */
export const campaignWrites = writeGeneration('campaigns');
campaignSchema.plugin(campaignWrites.hooks);

export type CampaignDoc = InferSchemaType<typeof campaignSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const CampaignModel = model('Campaign', campaignSchema);
