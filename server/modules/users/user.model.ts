import { type InferSchemaType, model, Schema, type Types } from 'mongoose';

export const roles = ['admin', 'strategist', 'member'] as const;
export type Role = (typeof roles)[number];
export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];

const userSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254 },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: roles, required: true },
    enterpriseId: {
      type: Schema.Types.ObjectId,
      required(this: { role: Role }) {
        return this.role === 'member';
      },
    },
    locale: { type: String, enum: locales, default: 'fr' },
    active: { type: Boolean, default: true },
    // Bumped when the password changes or the account is deactivated: sessions carry the
    // value they signed in with, so every older session stops answering at once.
    authVersion: { type: Number, default: 0 },
  },
  { timestamps: true },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ enterpriseId: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export const UserModel = model('User', userSchema);

const apiTokenSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true, trim: true, maxlength: 80 },
    tokenHash: { type: String, required: true },
    prefix: { type: String, required: true },
    lastUsedAt: { type: Date },
  },
  { timestamps: true },
);
apiTokenSchema.index({ tokenHash: 1 }, { unique: true });
apiTokenSchema.index({ userId: 1 });

export type ApiTokenDoc = InferSchemaType<typeof apiTokenSchema> & { _id: Types.ObjectId };
export const ApiTokenModel = model('ApiToken', apiTokenSchema);
