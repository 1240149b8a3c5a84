import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { foldText } from '../../lib/slug.js';
import { impactKinds, legalFormCodes, sectorCodes, territories } from './enterprise.constants.js';

const impactSchema = new Schema(
  {
    kind: { type: String, enum: impactKinds, required: true },
    label: { type: String, required: true, trim: true, maxlength: 200 },
    value: { type: String, trim: true, maxlength: 60 },
  },
  { _id: false },
);

/** One photo of the enterprise's library, with the point to keep in view when a slot crops it. */
const photoSchema = new Schema(
  {
    fileId: { type: Schema.Types.ObjectId, required: true },
    /** 0..1 of the width and height, from the left and the top. */
    focalX: { type: Number, min: 0, max: 1, default: 0.5 },
    focalY: { type: Number, min: 0, max: 1, default: 0.5 },
  },
  { _id: false },
);

const enterpriseSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 160 },
    /** Accent-free lower-case name: search and sort without collations (FerretDB has none). */
    nameKey: { type: String, required: true },
    slug: { type: String, required: true, match: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, maxlength: 80 },
    legalForm: { type: String, enum: legalFormCodes, required: true },
    territory: { type: String, enum: territories, required: true },
    sector: { type: String, enum: sectorCodes, required: true },
    description: { type: String, trim: true, maxlength: 4000, default: '' },
    website: { type: String, trim: true, maxlength: 500 },
    /** Where approval requests go, as a signed link: no account needed. */
    contactEmail: { type: String, trim: true, lowercase: true, maxlength: 254 },
    brandColor: { type: String, match: /^#[0-9A-F]{6}$/, default: '#1F6F5C' },
    logoFileId: { type: Schema.Types.ObjectId },
    /** The logo as a small WebP data URL (a few KB), made with each upload, for lists. */
    logoThumbnail: { type: String, maxlength: 100_000 },
    /** The default photo (ads that pick none show it); also the first of `photos`. */
    photoFileId: { type: Schema.Types.ObjectId },
    /** Every photo, the default first; ads may pick any (fields.photo holds its file id). */
    photos: { type: [photoSchema], default: [] },
    impacts: { type: [impactSchema], default: [] },
    cohorts: { type: [String], default: [] },
    tags: { type: [String], default: [] },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
enterpriseSchema.pre('validate', function () {
  if (this.name) this.nameKey = foldText(this.name);
});
enterpriseSchema.index({ slug: 1 }, { unique: true });
enterpriseSchema.index({ nameKey: 1, _id: 1 });
enterpriseSchema.index({ territory: 1 });
enterpriseSchema.index({ cohorts: 1 });

export type EnterpriseDoc = InferSchemaType<typeof enterpriseSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const EnterpriseModel = model('Enterprise', enterpriseSchema);
