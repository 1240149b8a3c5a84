import type { Types } from 'mongoose';
import { ConflictError, isDuplicateKeyError, NotFoundError } from '../../lib/errors.js';
import { keptDocuments } from '../../lib/kept-by-id.js';
import { keptSnapshot } from '../../lib/kept-snapshot.js';
import { logger } from '../../lib/logger.js';
import { isObjectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { assertEnterprisesExist } from '../enterprises/enterprise.service.js';
import { notify } from '../notifications/notification.service.js';
import type { OAuthTokens, Platform } from './adapters/platform.types.js';
import type { ChannelMode } from './adapters/registry.js';
import { type ChannelDoc, ChannelModel, type ChannelStatus, channelWrites } from './channel.model.js';
import { type ChannelOwner, type ConnectSandboxInput, connectSandboxSchema } from './channel.schemas.js';
import { provisionSandboxAccount } from './sandbox-accounts.js';
import { tokenVault } from './token-vault.js';

/** A channel as it leaves this module: no token, sealed or not, ever. */
export interface PublicChannel {
  id: string;
  platform: Platform;
  externalId: string;
  name: string;
  owner: ChannelOwner;
  mode: ChannelMode;
  status: ChannelStatus;
  statusReason: string | null;
  scopes: string[];
  hasRefreshToken: boolean;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  lastCheckedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toPublicChannel(doc: ChannelDoc): PublicChannel {
  const owner: ChannelOwner =
    doc.owner.kind === 'enterprise' && doc.owner.enterpriseId
      ? { kind: 'enterprise', enterpriseId: String(doc.owner.enterpriseId) }
      : { kind: 'hub' };
  const withTimes = doc as ChannelDoc & { createdAt: Date; updatedAt: Date };
  return {
    id: String(doc._id),
    platform: doc.platform,
    externalId: doc.externalId,
    name: doc.name,
    owner,
    mode: doc.mode,
    status: doc.status,
    statusReason: doc.statusReason ?? null,
    scopes: [...(doc.scopes ?? [])],
    hasRefreshToken: Boolean(doc.refreshToken),
    accessTokenExpiresAt: doc.accessTokenExpiresAt ?? null,
    refreshTokenExpiresAt: doc.refreshTokenExpiresAt ?? null,
    lastCheckedAt: doc.lastCheckedAt ?? null,
    createdAt: withTimes.createdAt,
    updatedAt: withTimes.updatedAt,
  };
}

export async function listChannels(
  filter: { platform?: Platform; status?: ChannelStatus; enterpriseId?: string } = {},
): Promise<PublicChannel[]> {
  const query: Record<string, unknown> = {};
  if (filter.platform) query.platform = filter.platform;
  if (filter.status) query.status = filter.status;
  if (filter.enterpriseId) query['owner.enterpriseId'] = filter.enterpriseId;
  const docs = await ChannelModel.find(query).sort({ platform: 1, name: 1 }).lean<ChannelDoc[]>();
  return docs.map(toPublicChannel);
}

export async function findChannelDoc(id: string | Types.ObjectId): Promise<ChannelDoc> {
  const doc = await ChannelModel.findById(id).lean<ChannelDoc>();
  if (!doc) throw new NotFoundError('Channel');
  return doc;
}

/** Channels as the publish path reads them (with their sealed tokens), per channel write generation. */
const keptChannelDoc = keptDocuments(
  channelWrites,
  (id) => ChannelModel.findById(id).lean<ChannelDoc>().exec(),
  (doc) => doc,
);

/**
 * The channel's stored document as of the last channel write in any process (a token refresh
 * or a status change through the model is seen at once; writes outside Mongoose within 60 s),
 * for the publish worker. Throws NotFoundError when it was removed. Shared: never modify it.
 */
export async function currentChannelDoc(id: string): Promise<ChannelDoc> {
  const doc = await keptChannelDoc(id);
  if (!doc) throw new NotFoundError('Channel');
  return doc;
}

export async function getChannel(id: string): Promise<PublicChannel> {
  return toPublicChannel(await findChannelDoc(id));
}

/**
 * Every channel's public view, kept in this process while no channel was written anywhere
 * (the generation every channel write bumps in Redis, read before loading) and for at most
 * 10 s (writes made outside Mongoose). A schedule naming 20 of 100 channels then costs one
 * Redis GET: FerretDB answers `_id: {$in: …}` by reading the whole collection (about 20 ms of
 * its CPU per call, half of what scheduling cost). When Redis does not answer or lost the
 * generation, channels are read from MongoDB each time (until the next channel write).
 */
const directory = keptSnapshot(
  () =>
    ChannelModel.find({})
      .lean<ChannelDoc[]>()
      .then((docs) => new Map(docs.map((doc) => [String(doc._id), toPublicChannel(doc)]))),
  10_000,
);

async function channelDirectory(): Promise<Map<string, PublicChannel>> {
  const generation = await channelWrites.current();
  // '0' is a missing key: nothing written since Redis was emptied, so nothing to go by.
  return directory.get(generation === '0' ? undefined : generation);
}

/**
 * Several channels by id, from the channel directory (ids that are not ObjectIds or match
 * nothing are absent from the map). Current as of the last channel write in any process.
 */
export async function getChannels(ids: string[]): Promise<Map<string, PublicChannel>> {
  const valid = ids.filter(isObjectId);
  if (valid.length === 0) return new Map();
  const all = await channelDirectory();
  const found = new Map<string, PublicChannel>();
  for (const id of valid) {
    const channel = all.get(id);
    if (channel) found.set(id, channel);
  }
  return found;
}

/** The token fields to $set for new tokens; a refresh without a refresh token keeps the stored one. */
export function tokenUpdate(tokens: OAuthTokens): Record<string, unknown> {
  const vault = tokenVault();
  const set: Record<string, unknown> = {
    accessToken: vault.seal(tokens.accessToken),
    accessTokenExpiresAt: tokens.accessTokenExpiresAt ?? null,
    lastCheckedAt: new Date(),
  };
  if (tokens.scopes.length > 0) set.scopes = tokens.scopes;
  if (tokens.refreshToken) {
    set.refreshToken = vault.seal(tokens.refreshToken);
    set.refreshTokenExpiresAt = tokens.refreshTokenExpiresAt ?? null;
  }
  return set;
}

/**
 * Creates the channel, or updates the tokens of the one already connected for that
 * page/organization (keeping its owner) and marks it connected again.
 */
export async function saveConnectedAccount(input: {
  platform: Platform;
  mode: ChannelMode;
  externalId: string;
  name: string;
  owner: ChannelOwner;
  tokens: OAuthTokens;
}): Promise<PublicChannel> {
  const set = { ...tokenUpdate(input.tokens), name: input.name, mode: input.mode, status: 'connected' };
  const owner = input.owner.kind === 'hub' ? { kind: 'hub' } : input.owner;
  try {
    const doc = await ChannelModel.findOneAndUpdate(
      { platform: input.platform, externalId: input.externalId },
      { $set: set, $unset: { statusReason: 1 }, $setOnInsert: { owner } },
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).lean<ChannelDoc>();
    logger.info(
      { channelId: String(doc!._id), platform: input.platform, mode: input.mode },
      'channel connected',
    );
    return toPublicChannel(doc!);
  } catch (err) {
    if (isDuplicateKeyError(err))
      throw new ConflictError('This page is being connected twice at once; try again.');
    throw err;
  }
}

/** Connects a sandbox page or organization: the simulator provisions it, no credentials needed. */
export async function connectSandbox(input: ConnectSandboxInput): Promise<PublicChannel> {
  const { platform, name, owner } = parseInput(connectSandboxSchema, input, 'Channel');
  if (owner.kind === 'enterprise') await assertEnterprisesExist([owner.enterpriseId], 'owner.enterpriseId');
  const account = await provisionSandboxAccount(platform, name);
  return saveConnectedAccount({ platform, mode: 'sandbox', owner, ...account });
}

async function setStatus(id: string, status: ChannelStatus, reason?: string): Promise<PublicChannel> {
  const update = reason
    ? { $set: { status, statusReason: reason.slice(0, 500) } }
    : { $set: { status }, $unset: { statusReason: 1 } };
  const doc = await ChannelModel.findByIdAndUpdate(id, update, {
    returnDocument: 'after',
  }).lean<ChannelDoc>();
  if (!doc) throw new NotFoundError('Channel');
  return toPublicChannel(doc);
}

/**
 * Tells staff once per token: the sealed token's IV changes with each connection, so every
 * further failure of the same token adds nothing, and a later lapse of a new token does.
 */
function announceReconnection(channel: PublicChannel, reason: string): void {
  const run = async () => {
    const doc = await ChannelModel.findById(channel.id).select('accessToken.iv').lean<ChannelDoc>();
    await notify({
      kind: 'channel_reconnect',
      key: `channel:${channel.id}:reconnect:${doc?.accessToken?.iv ?? 'none'}`,
      params: { channel: channel.name, reason },
      link: '/channels',
      to: { staff: true },
    });
  };
  run().catch((err: Error) =>
    logger.error({ channelId: channel.id, error: err.message }, 'reconnection not notified'),
  );
}

/** Publications to this channel are held until someone reconnects it. */
export async function markNeedsReconnection(id: string, reason: string): Promise<PublicChannel> {
  const channel = await setStatus(id, 'needs_reconnection', reason);
  logger.warn({ channelId: id, platform: channel.platform, reason }, 'channel needs reconnection');
  announceReconnection(channel, reason);
  return channel;
}

export function disableChannel(id: string): Promise<PublicChannel> {
  return setStatus(id, 'disabled', 'Disabled by staff.');
}

/** Forgets the channel and its tokens. */
export async function deleteChannel(id: string): Promise<void> {
  const doc = await ChannelModel.findByIdAndDelete(id).lean<ChannelDoc>();
  if (!doc) throw new NotFoundError('Channel');
  logger.info({ channelId: id, platform: doc.platform }, 'channel deleted');
}

/** Channels staff must act on: the dashboard's alert banner. */
export function channelsNeedingReconnection(): Promise<PublicChannel[]> {
  return listChannels({ status: 'needs_reconnection' });
}
