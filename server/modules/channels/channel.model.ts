import { type InferSchemaType, model, Schema, type Types } from 'mongoose';
import { writeGeneration } from '../../lib/write-generation.js';

export const channelPlatforms = ['facebook', 'linkedin'] as const;
export const channelModes = ['live', 'sandbox'] as const;
export const channelStatuses = ['connected', 'needs_reconnection', 'disabled'] as const;
export type ChannelStatus = (typeof channelStatuses)[number];

const sealedSchema = new Schema(
  {
    keyId: { type: String, required: true },
    iv: { type: String, required: true },
    tag: { type: String, required: true },
    data: { type: String, required: true },
  },
  { _id: false },
);

const ownerSchema = new Schema(
  {
    kind: { type: String, enum: ['hub', 'enterprise'], required: true },
    enterpriseId: { type: Schema.Types.ObjectId },
  },
  { _id: false },
);

const channelSchema = new Schema(
  {
    platform: { type: String, enum: channelPlatforms, required: true },
    externalId: { type: String, required: true, trim: true },
    name: { type: String, required: true, trim: true, maxlength: 200 },
    owner: { type: ownerSchema, required: true },
    mode: { type: String, enum: channelModes, required: true },
    status: { type: String, enum: channelStatuses, default: 'connected' },
    statusReason: { type: String, maxlength: 500 },
    accessToken: { type: sealedSchema },
    refreshToken: { type: sealedSchema },
    accessTokenExpiresAt: { type: Date },
    refreshTokenExpiresAt: { type: Date },
    scopes: { type: [String], default: [] },
    lastCheckedAt: { type: Date },
    lastRefreshedAt: { type: Date },
  },
  { timestamps: true },
);
channelSchema.index({ platform: 1, externalId: 1 }, { unique: true });
channelSchema.index({ status: 1 });
channelSchema.index({ 'owner.enterpriseId': 1 });
/** Bumped by every channel write, in any process: the channel directory's cache follows it. */
export const channelWrites = writeGeneration('channels');
channelSchema.plugin(channelWrites.hooks);

export type ChannelDoc = InferSchemaType<typeof channelSchema> & { _id: Types.ObjectId };
export const ChannelModel = model('Channel', channelSchema);
