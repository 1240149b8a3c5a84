import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { hubMonth } from '../../lib/hub-time.js';

export const activities = [
  'planning',
  'writing',
  'design',
  'scheduling',
  'community',
  'reporting',
  'meeting',
  'other',
] as const;

/** Minutes a strategist spent for one member on one day (mutualised time, reported monthly). */
const timeEntrySchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId },
    date: { type: Date, required: true },
    minutes: {
      type: Number,
      required: true,
      min: 1,
      max: 1440,
      validate: { validator: Number.isInteger, message: 'must be a whole number' },
    },
    activity: { type: String, enum: activities, required: true },
    note: { type: String, trim: true, maxlength: 1000, default: '' },
    month: { type: String, required: true, match: /^\d{4}-\d{2}$/ },
  },
  { timestamps: true },
);
timeEntrySchema.pre('validate', function () {
  if (this.date) this.month = hubMonth(this.date);
});
timeEntrySchema.index({ month: 1, enterpriseId: 1 });
timeEntrySchema.index({ userId: 1, date: -1 });

export type TimeEntryDoc = InferSchemaType<typeof timeEntrySchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const TimeEntryModel = model('TimeEntry', timeEntrySchema);
