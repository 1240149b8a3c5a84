import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { metricsFields } from './metric-fields.js';

/** One publication's metrics at one time: the history behind exposure charts. */
const metricSnapshotSchema = new Schema({
  publicationId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
  metrics: { type: new Schema(metricsFields, { _id: false }), required: true },
});
metricSnapshotSchema.index({ publicationId: 1, at: 1 }, { unique: true });

export type MetricSnapshotDoc = InferSchemaType<typeof metricSnapshotSchema> & { _id: Types.ObjectId };
export const MetricSnapshotModel = model('MetricSnapshot', metricSnapshotSchema);
