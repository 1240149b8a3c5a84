import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import { isAdapterError, PermanentError, ReconnectError } from './adapters/adapter-errors.js';
import type { Platform, PublishingCredentials } from './adapters/platform.types.js';
import { type ChannelMode, getAdapter } from './adapters/registry.js';
import { type ChannelDoc, ChannelModel } from './channel.model.js';
import { findChannelDoc, markNeedsReconnection, tokenUpdate } from './channel.service.js';
import { type SealedSecret, tokenVault } from './token-vault.js';

/** LinkedIn tokens are refreshed this long before they expire. */
const refreshAheadMs = 7 * 24 * 3600_000;
/** A token this close to expiry is refreshed before publishing with it. */
const publishMarginMs = 5 * 60_000;

export interface ChannelCredentials {
  channelId: string;
  platform: Platform;
  mode: ChannelMode;
  credentials: PublishingCredentials;
}

function unusable(doc: ChannelDoc): ReconnectError | PermanentError | undefined {
  const base = { platform: doc.platform, reason: doc.statusReason ?? '' };
  if (doc.status === 'disabled') {
    return new PermanentError({ ...base, code: 'channel_disabled', reason: 'The channel is disabled.' });
  }
  if (doc.status === 'needs_reconnection' || !doc.accessToken) {
    return new ReconnectError({
      ...base,
      code: 'channel_needs_reconnection',
      reason: `The channel needs to be reconnected${doc.statusReason ? `: ${doc.statusReason}` : '.'}`,
    });
  }
  return undefined;
}

/**
 * What the publish and stats workers need to call the platform. Refreshes an
 * expiring LinkedIn token first; throws ReconnectError (hold the publication) when
 * the channel cannot be used, PermanentError when it was disabled.
 */
export async function getPublishingCredentials(channelId: string): Promise<ChannelCredentials> {
  return credentialsOf(await findChannelDoc(channelId));
}

/** Same as getPublishingCredentials, for a channel already loaded (or just refreshed). */
export async function credentialsOf(loaded: ChannelDoc): Promise<ChannelCredentials> {
  let doc = loaded;
  const problem = unusable(doc);
  if (problem) throw problem;
  const expiresAt = doc.accessTokenExpiresAt?.getTime();
  if (expiresAt !== undefined && expiresAt - Date.now() < publishMarginMs) {
    doc = await refreshChannelTokens(doc);
  }
  return {
    channelId: String(doc._id),
    platform: doc.platform,
    mode: doc.mode,
    credentials: {
      externalId: doc.externalId,
      accessToken: tokenVault().open(doc.accessToken as SealedSecret),
    },
  };
}

/** Flags the channel when an adapter said the token or a permission is gone; other errors pass. */
export async function reportAdapterError(channelId: string, err: unknown): Promise<void> {
  if (isAdapterError(err) && err.kind === 'reconnect') await markNeedsReconnection(channelId, err.reason);
}

/**
 * Refreshes one channel's token (LinkedIn). A refresh that returns no refresh token
 * keeps the stored one. A refused refresh marks the channel for reconnection.
 */
export async function refreshChannelTokens(doc: ChannelDoc): Promise<ChannelDoc> {
  const adapter = getAdapter(doc.platform, doc.mode);
  const expired = (doc.accessTokenExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY) <= Date.now();
  const fail = async (reason: string) => {
    await markNeedsReconnection(String(doc._id), reason);
    return new ReconnectError({ platform: doc.platform, code: 'refresh_failed', reason });
  };
  if (!adapter.refresh || !doc.refreshToken) {
    if (expired) throw await fail('The token expired and cannot be refreshed.');
    return doc;
  }
  const lock = `${config().REDIS_PREFIX}:channel-refresh:${String(doc._id)}`;
  if ((await redis().set(lock, '1', 'PX', 30_000, 'NX')) !== 'OK') return findChannelDoc(doc._id);
  try {
    const tokens = await adapter.refresh(tokenVault().open(doc.refreshToken as SealedSecret));
    const updated = await ChannelModel.findByIdAndUpdate(
      doc._id,
      { $set: { ...tokenUpdate(tokens), lastRefreshedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean<ChannelDoc>();
    logger.info({ channelId: String(doc._id), platform: doc.platform }, 'channel token refreshed');
    return updated ?? doc;
  } catch (err) {
    if (isAdapterError(err) && err.kind === 'reconnect') throw await fail(err.reason);
    throw err;
  } finally {
    await redis().del(lock);
  }
}

/** Maintenance: refreshes every connected channel whose token expires within `aheadMs`. */
export async function refreshExpiringTokens(
  aheadMs = refreshAheadMs,
): Promise<{ refreshed: number; failed: number }> {
  const docs = await ChannelModel.find({
    status: 'connected',
    refreshToken: { $exists: true },
    accessTokenExpiresAt: { $lt: new Date(Date.now() + aheadMs) },
  }).lean<ChannelDoc[]>();
  let refreshed = 0;
  let failed = 0;
  for (const doc of docs) {
    try {
      await refreshChannelTokens(doc);
      refreshed += 1;
    } catch (err) {
      failed += 1;
      logger.warn(
        { channelId: String(doc._id), kind: isAdapterError(err) ? err.kind : 'error' },
        'token refresh failed',
      );
    }
  }
  return { refreshed, failed };
}

/** Maintenance: channels whose token expired with no way to refresh it need reconnection. */
export async function flagExpiredTokens(now = new Date()): Promise<number> {
  const docs = await ChannelModel.find({
    status: 'connected',
    accessTokenExpiresAt: { $lt: now },
    $or: [{ refreshToken: { $exists: false } }, { refreshTokenExpiresAt: { $lt: now } }],
  }).lean<ChannelDoc[]>();
  for (const doc of docs)
    await markNeedsReconnection(String(doc._id), 'The token expired. Reconnect the account.');
  return docs.length;
}

/** Re-seals every token sealed with an old key; run after changing ENCRYPTION_KEY. */
export async function rotateTokenEncryption(): Promise<number> {
  const vault = tokenVault();
  const docs = await ChannelModel.find({
    $or: [
      { 'accessToken.keyId': { $ne: vault.currentKeyId } },
      { 'refreshToken.keyId': { $nin: [vault.currentKeyId, null] } },
    ],
  }).lean<ChannelDoc[]>();
  let count = 0;
  for (const doc of docs) {
    const set: Record<string, SealedSecret> = {};
    if (doc.accessToken) set.accessToken = vault.reseal(doc.accessToken as SealedSecret);
    if (doc.refreshToken) set.refreshToken = vault.reseal(doc.refreshToken as SealedSecret);
    await ChannelModel.updateOne({ _id: doc._id }, { $set: set });
    count += 1;
  }
  return count;
}

/**
 * Maintenance: asks each platform whether each connected channel's token still works,
 * so a revoked token or a lost role is flagged before a publication needs it.
 */
export async function verifyConnectedChannels(): Promise<{ checked: number; flagged: number }> {
  const docs = await ChannelModel.find({ status: 'connected' }).lean<ChannelDoc[]>();
  let flagged = 0;
  for (const doc of docs) {
    try {
      const { credentials } = await getPublishingCredentials(String(doc._id));
      await getAdapter(doc.platform, doc.mode).verify(credentials);
      await ChannelModel.updateOne({ _id: doc._id }, { $set: { lastCheckedAt: new Date() } });
    } catch (err) {
      if (!isAdapterError(err) || err.kind !== 'reconnect') {
        logger.warn(
          { channelId: String(doc._id), kind: isAdapterError(err) ? err.kind : 'error' },
          'channel check failed',
        );
        continue;
      }
      flagged += 1;
      await markNeedsReconnection(String(doc._id), err.reason);
    }
  }
  return { checked: docs.length, flagged };
}
