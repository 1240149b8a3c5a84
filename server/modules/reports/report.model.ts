import { model, Schema, type Types } from 'mongoose';
import type { Exposure } from '../statistics/exposure.types.js';

/**
 * One month's frozen report for one scope: the hub, or one enterprise. Its figures are
 * stored as they were computed (never recomputed); a rebuild adds a new version.
 */
const monthlyReportSchema = new Schema(
  {
    /** 'hub' or the enterprise's id, always present: FerretDB's unique index lets documents lacking a field coexist. */
    scopeKey: { type: String, required: true },
    enterpriseId: { type: Schema.Types.ObjectId },
    /** The enterprise's (or the hub's) name when built. */
    scopeName: { type: String, required: true },
    month: { type: String, required: true, match: /^\d{4}-\d{2}$/ },
    version: { type: Number, required: true, min: 1 },
    builtAt: { type: Date, required: true },
    /** Snapshots taken after this instant are not in the figures. */
    asOf: { type: Date, required: true },
    /** A user id, or 'schedule' for the monthly job. */
    builtBy: { type: String, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    /** The hub report's strategist time and cost per member (MonthTime). */
    time: { type: Schema.Types.Mixed },
    definitions: { type: [String], default: [] },
  },
  { minimize: false },
);
monthlyReportSchema.index({ scopeKey: 1, month: 1, version: 1 }, { unique: true });
monthlyReportSchema.index({ month: 1 });

export interface MonthlyReportDoc {
  _id: Types.ObjectId;
  scopeKey: string;
  enterpriseId?: Types.ObjectId;
  scopeName: string;
  month: string;
  version: number;
  builtAt: Date;
  asOf: Date;
  builtBy: string;
  figures: Exposure;
  time?: unknown;
  definitions: string[];
}
export const MonthlyReportModel = model('MonthlyReport', monthlyReportSchema);
