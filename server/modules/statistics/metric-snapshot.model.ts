import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { metricsFields } from './metric-fields.js';

/**
 * One publication's lifetime metrics as read at one time: the history behind exposure
 * charts and monthly reports. Never deleted (reports cover at least 25 months, and the
 * platforms forget: ../shared/PLATFORMS.md, Versions and history windows), so no TTL
 * index and no cleanup job may touch this collection.
 *
 * `definitions` is the id from metric-definitions.ts in force at `at`. `channelId`,
 * `platform`, `enterpriseIds` and `month` (the publication's hub-local month of
 * publication, "YYYY-MM") are copied from the publication so that exposure queries can
 * select snapshots without reading publications first.
 */
const metricSnapshotSchema = new Schema({
  publicationId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
  metrics: { type: new Schema(metricsFields, { _id: false }), required: true },
  definitions: { type: String, required: true, maxlength: 60 },
  channelId: { type: Schema.Types.ObjectId },
  platform: { type: String, enum: ['facebook', 'linkedin'] },
  enterpriseIds: { type: [Schema.Types.ObjectId], default: undefined },
  month: { type: String, match: /^\d{4}-\d{2}$/ },
});
// "Latest snapshot of these publications at or before T": publicationId $in, at $lte, sort at.
metricSnapshotSchema.index({ publicationId: 1, at: 1 }, { unique: true });
metricSnapshotSchema.index({ month: 1, enterpriseIds: 1, at: 1 });

export type MetricSnapshotDoc = InferSchemaType<typeof metricSnapshotSchema> & { _id: Types.ObjectId };
export const MetricSnapshotModel = model('MetricSnapshot', metricSnapshotSchema);
