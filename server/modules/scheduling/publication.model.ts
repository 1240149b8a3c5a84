import { DateTime } from 'luxon';
import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { config } from '../../config/index.js';

export const publicationStatuses = [
  'scheduled',
  'publishing',
  'published',
  'failed',
  'held',
  'cancelled',
] as const;
export type PublicationStatus = (typeof publicationStatuses)[number];
export const platforms = ['facebook', 'linkedin'] as const;
export const errorClasses = ['transient', 'permanent', 'auth', 'rate_limit'] as const;

/** "YYYY-MM" of an instant in the hub's time zone: what monthly reports group by. */
export function hubMonth(at: Date): string {
  return DateTime.fromJSDate(at, { zone: config().HUB_TIMEZONE }).toFormat('yyyy-MM');
}

export const metricsFields = {
  views: { type: Number, min: 0, default: 0 },
  reach: { type: Number, min: 0, default: 0 },
  clicks: { type: Number, min: 0, default: 0 },
  reactions: { type: Number, min: 0, default: 0 },
  comments: { type: Number, min: 0, default: 0 },
  shares: { type: Number, min: 0, default: 0 },
  engagementRate: { type: Number, min: 0, default: 0 },
  fetchedAt: { type: Date },
};

const publicationSchema = new Schema(
  {
    adId: { type: Schema.Types.ObjectId, required: true },
    channelId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    enterpriseIds: { type: [Schema.Types.ObjectId], default: [] },
    platform: { type: String, enum: platforms, required: true },
    scheduledAt: { type: Date, required: true },
    status: { type: String, enum: publicationStatuses, default: 'scheduled', required: true },
    attempts: { type: Number, min: 0, default: 0 },
    lastError: {
      class: { type: String, enum: errorClasses },
      code: { type: String, maxlength: 100 },
      message: { type: String, maxlength: 2000 },
      at: { type: Date },
    },
    platformPostId: { type: String, maxlength: 200 },
    permalink: { type: String, maxlength: 1000 },
    metrics: { type: new Schema(metricsFields, { _id: false }) },
    /** Month of publication (or of the schedule until published) in the hub's time zone. */
    month: { type: String, required: true, match: /^\d{4}-\d{2}$/ },
    publishedAt: { type: Date },
  },
  { timestamps: true },
);
publicationSchema.pre('validate', function () {
  const at = this.publishedAt ?? this.scheduledAt;
  if (at) this.month = hubMonth(at);
});
publicationSchema.index({ adId: 1, channelId: 1, scheduledAt: 1 }, { unique: true });
publicationSchema.index({ status: 1, scheduledAt: 1 });
publicationSchema.index({ month: 1, enterpriseIds: 1 });
publicationSchema.index({ campaignId: 1, month: 1 });
publicationSchema.index({ channelId: 1, status: 1 });

export type PublicationDoc = InferSchemaType<typeof publicationSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const PublicationModel = model('Publication', publicationSchema);
