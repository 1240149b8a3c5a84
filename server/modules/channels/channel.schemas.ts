import { z } from 'zod';
import { channelModes, channelPlatforms, channelStatuses } from './channel.model.js';

export const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'must be a 24-character hexadecimal id');
export const platformSchema = z.enum(channelPlatforms, { message: 'must be facebook or linkedin' });

const ownerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('hub') }),
  z.strictObject({ kind: z.literal('enterprise'), enterpriseId: objectId }),
]);
export type ChannelOwner = z.infer<typeof ownerSchema>;

export const connectSandboxSchema = z.strictObject({
  platform: platformSchema,
  name: z.string().trim().min(1, 'is required').max(200),
  owner: ownerSchema.default({ kind: 'hub' }),
});
export type ConnectSandboxInput = z.input<typeof connectSandboxSchema>;

export const listChannelsSchema = z.strictObject({
  platform: platformSchema.optional(),
  status: z.enum(channelStatuses).optional(),
  enterpriseId: objectId.optional(),
});

/** Query of GET /oauth/:platform/start: who will own new channels, or which channel to reconnect. */
export const oauthStartSchema = z.strictObject({
  mode: z.enum(channelModes).default('live'),
  enterpriseId: objectId.optional(),
  channelId: objectId.optional(),
});

export const oauthCallbackSchema = z.looseObject({
  state: z.string().min(1, 'is required').max(200),
  code: z.string().min(1).max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
