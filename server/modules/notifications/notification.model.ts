import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { notificationKinds } from './notification.kinds.js';

/**
 * One notification for one user. Its _id is a hash of the event's key and the recipient, so
 * the same event (a status seen again by the next pre-flight run) inserts nothing new: a
 * unique _id holds on FerretDB, where updates with upsert do not race safely.
 */
const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: notificationKinds, required: true },
    params: { type: Map, of: String, default: () => new Map() },
    /** Dashboard path the notification opens ("/ads/<id>"). */
    link: { type: String, required: true, maxlength: 300 },
    readAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
notificationSchema.index({ userId: 1, createdAt: -1 });

export type NotificationDoc = InferSchemaType<typeof notificationSchema> & { _id: string; createdAt: Date };
export const NotificationModel = model('Notification', notificationSchema);

/** Which kinds a user receives by email (_id: the user id). No document: every kind. */
const preferenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    email: { type: [String], enum: notificationKinds, default: [] },
  },
  { timestamps: true },
);
export const NotificationPreferenceModel = model('NotificationPreference', preferenceSchema);

/** One email sent for one event to one address (_id: hash of both): never sent twice. */
const deliverySchema = new Schema({ _id: { type: String, required: true }, at: { type: Date } });
export const NotificationDeliveryModel = model('NotificationDelivery', deliverySchema);

/** Email that did not leave: kept without SMTP_URL (the outbox page), or failed. */
const outboxSchema = new Schema(
  {
    to: { type: String, required: true, maxlength: 254 },
    subject: { type: String, required: true, maxlength: 500 },
    text: { type: String, required: true, maxlength: 20_000 },
    kind: { type: String, enum: notificationKinds },
    status: { type: String, enum: ['kept', 'failed'], required: true },
    error: { type: String, maxlength: 500 },
    /** What the message carried (not the files themselves): names, bytes and MIME types. */
    attachments: {
      type: [
        {
          _id: false,
          filename: { type: String, required: true, maxlength: 255 },
          size: { type: Number, required: true, min: 0 },
          contentType: { type: String, maxlength: 100 },
        },
      ],
      default: undefined,
    },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
outboxSchema.index({ createdAt: -1 });

export type OutboxDoc = InferSchemaType<typeof outboxSchema> & { _id: Types.ObjectId; createdAt: Date };
export const OutboxModel = model('OutboxMessage', outboxSchema);
