import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

export const approvalEventKinds = ['asked', 'approved', 'changes_requested'] as const;
export type ApprovalEventKind = (typeof approvalEventKinds)[number];

/**
 * The approval thread of an ad: each request (with the content asked about) and each
 * enterprise's decision on one revision, with its comment. Appended to, never edited.
 */
const approvalEventSchema = new Schema(
  {
    adId: { type: Schema.Types.ObjectId, required: true },
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    revision: { type: Number, required: true, min: 1 },
    kind: { type: String, enum: approvalEventKinds, required: true },
    comment: { type: String, maxlength: 2000 },
    /** Who: a user's name, or the contact address a link was sent to. */
    by: { type: String, maxlength: 254 },
    byUserId: { type: Schema.Types.ObjectId },
    via: { type: String, enum: ['dashboard', 'link'] },
    /** For `asked`: the content of that revision, to show what changed later. */
    snapshot: {
      type: new Schema(
        {
          templateId: { type: String },
          fields: { type: Map, of: String },
          caption: { default: String, facebook: String, linkedin: String },
          link: { type: String },
        },
        { _id: false },
      ),
    },
  },
  { timestamps: { createdAt: 'at', updatedAt: false } },
);
approvalEventSchema.index({ adId: 1, at: 1 });

export type ApprovalEventDoc = InferSchemaType<typeof approvalEventSchema> & {
  _id: Types.ObjectId;
  at: Date;
};
export const ApprovalEventModel = model('ApprovalEvent', approvalEventSchema);

/**
 * A used approval link (_id: its nonce), or an answered request (_id: answered-<ad>-<enterprise>-<revision>).
 * Inserting is the claim: a unique _id is atomic on
 * FerretDB too, where findAndModify and conditional updates are not.
 */
const usedLinkSchema = new Schema({
  _id: { type: String, required: true },
  adId: { type: Schema.Types.ObjectId, required: true },
  usedAt: { type: Date, required: true },
});
export const UsedApprovalLinkModel = model('UsedApprovalLink', usedLinkSchema);
