import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { hubMonth } from '../../lib/hub-time.js';
import { type AdapterErrorKind, adapterErrorKinds } from '../channels/adapters/adapter-errors.js';
import { exposureCacheHooks } from '../statistics/exposure-cache.js';
import { metricsFields } from '../statistics/metric-fields.js';
import { calendarIndexHooks } from './calendar-index.hooks.js';

/**
 * scheduled → publishing → published | failed | held | unconfirmed | missed | cancelled
 * (../shared/DESIGN.md, Publication). `unconfirmed`: the platform's answer left it unknown,
 * settled by reading the page back; `missed`: its time passed beyond the grace while nothing ran.
 */
export const publicationStatuses = [
  'scheduled',
  'publishing',
  'published',
  'failed',
  'held',
  'unconfirmed',
  'missed',
  'cancelled',
] as const;
export type PublicationStatus = (typeof publicationStatuses)[number];
export const platforms = ['facebook', 'linkedin'] as const;
/** The one error vocabulary, the platform adapters' (adapter-errors.ts). */
export const errorClasses = adapterErrorKinds;
export type ErrorClass = AdapterErrorKind;

const publicationSchema = new Schema(
  {
    adId: { type: Schema.Types.ObjectId, required: true },
    channelId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    enterpriseIds: { type: [Schema.Types.ObjectId], default: [] },
    platform: { type: String, enum: platforms, required: true },
    /** The render format posted on this channel. */
    format: { type: String, required: true, maxlength: 60 },
    scheduledAt: { type: Date, required: true },
    status: { type: String, enum: publicationStatuses, default: 'scheduled', required: true },
    /**
     * Generation of this publication's turn: every re-arm (reschedule, retry, resume) adds
     * one. Job ids and claims carry it, so a job or a claim of an older turn does nothing.
     */
    fence: { type: Number, min: 0, default: 0, required: true },
    attempts: { type: Number, min: 0, default: 0 },
    /** What the latest attempt sent, to find it again if its outcome is unknown. */
    attempt: {
      fence: { type: Number },
      startedAt: { type: Date },
      caption: { type: String, maxlength: 70_000 },
      link: { type: String, maxlength: 2000 },
      revision: { type: Number },
    },
    /** While publishing: past this instant the worker is presumed dead and the outcome unknown. */
    leaseUntil: { type: Date },
    verifyTries: { type: Number, min: 0, default: 0 },
    lastError: {
      class: { type: String, enum: errorClasses },
      code: { type: String, maxlength: 100 },
      message: { type: String, maxlength: 2000 },
      at: { type: Date },
    },
    /** Why it is held, missed or cancelled, or what staff decided; shown with the status. */
    statusReason: { type: String, maxlength: 500 },
    platformPostId: { type: String, maxlength: 200 },
    permalink: { type: String, maxlength: 1000 },
    /** The ad revision that went out. */
    publishedRevision: { type: Number },
    metrics: { type: new Schema(metricsFields, { _id: false }) },
    /**
     * When the stats collector should next read this publication's metrics (set when it is
     * published, advanced after each read by statistics/stats-cadence.ts; unset once the
     * cadence stops).
     */
    statsDueAt: { type: Date },
    /** Month of publication (or of the schedule until published) in the hub's time zone. */
    month: { type: String, required: true, match: /^\d{4}-\d{2}$/ },
    publishedAt: { type: Date },
    createdBy: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
publicationSchema.pre('validate', function () {
  const at = this.publishedAt ?? this.scheduledAt;
  if (at) this.month = hubMonth(at);
});
publicationSchema.index({ adId: 1, channelId: 1, scheduledAt: 1 }, { unique: true });
publicationSchema.index({ status: 1, scheduledAt: 1 });
publicationSchema.index({ scheduledAt: 1 });
publicationSchema.index({ month: 1, enterpriseIds: 1 });
publicationSchema.index({ campaignId: 1, month: 1 });
publicationSchema.index({ channelId: 1, status: 1 });
publicationSchema.index({ enterpriseIds: 1, scheduledAt: 1 });
publicationSchema.index({ statsDueAt: 1 }, { sparse: true });
// The calendar's read model follows every write (calendar-index.hooks.ts).
publicationSchema.plugin(calendarIndexHooks);
// Cached exposure figures go stale with every write (statistics/exposure-cache.ts).
publicationSchema.plugin(exposureCacheHooks);

export type PublicationDoc = InferSchemaType<typeof publicationSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const PublicationModel = model('Publication', publicationSchema);
