import { isAdapterError } from './adapters/adapter-errors.js';
import type {
  ImagePost,
  PlatformAdapter,
  PostMetrics,
  PublishingCredentials,
  PublishResult,
  ReadBackQuery,
  ReadBackResult,
} from './adapters/platform.types.js';
import { getAdapter } from './adapters/registry.js';
import type { ChannelDoc } from './channel.model.js';
import { currentChannelDoc, findChannelDoc, type PublicChannel, toPublicChannel } from './channel.service.js';
import {
  credentialsOf,
  getPublishingCredentials,
  refreshChannelTokens,
  reportAdapterError,
} from './channel-tokens.service.js';

type Call<T> = (adapter: PlatformAdapter, credentials: PublishingCredentials) => Promise<T>;

/**
 * Runs one platform call for a channel with its decrypted token. A 401 on a channel
 * whose token can be refreshed is retried once after a refresh (nothing was created:
 * the platform refused the token); a reconnect error that remains flags the channel.
 * Every adapter error is rethrown for the caller (worker) to classify.
 */
async function withChannel<T>(channelId: string, call: Call<T>, loaded?: ChannelDoc): Promise<T> {
  const first = loaded ? await credentialsOf(loaded) : await getPublishingCredentials(channelId);
  const adapter = getAdapter(first.platform, first.mode);
  try {
    try {
      return await call(adapter, first.credentials);
    } catch (err) {
      if (!isAdapterError(err) || err.kind !== 'reconnect' || err.httpStatus !== 401 || !adapter.refresh)
        throw err;
      // Loaded again: the first load may have been refreshed (and its refresh token replaced) since.
      const doc = await findChannelDoc(channelId);
      if (!doc.refreshToken) throw err;
      const again = await credentialsOf(await refreshChannelTokens(doc));
      return await call(adapter, again.credentials);
    }
  } catch (err) {
    await reportAdapterError(channelId, err);
    throw err;
  }
}

/** Publishes one image post on a channel; for the publish worker. */
export function publishImageToChannel(
  channelId: string,
  post: Omit<ImagePost, 'credentials'>,
): Promise<PublishResult> {
  return withChannel(channelId, (adapter, credentials) => adapter.publishImagePost({ ...post, credentials }));
}

/**
 * A channel read once for a publish turn: what staff see of it (no token) and its publish
 * call on that same read, so the turn reads the channel once rather than once to check it
 * and again to post (each read is a query; on FerretDB about 1 ms of CPU).
 */
export interface ChannelForPublishing {
  channel: PublicChannel;
  publishImage(post: Omit<ImagePost, 'credentials'>): Promise<PublishResult>;
}

/** Loads the channel for one publish turn. Throws NotFoundError when it was removed. */
export async function channelForPublishing(channelId: string): Promise<ChannelForPublishing> {
  const doc = await currentChannelDoc(channelId);
  return {
    channel: toPublicChannel(doc),
    publishImage: (post) =>
      withChannel(
        channelId,
        (adapter, credentials) => adapter.publishImagePost({ ...post, credentials }),
        doc,
      ),
  };
}

/** Reads the metrics of posts published on a channel; for the stats worker. */
export function fetchChannelMetrics(
  channelId: string,
  postIds: string[],
): Promise<Record<string, PostMetrics>> {
  return withChannel(channelId, (adapter, credentials) => adapter.fetchMetrics({ credentials, postIds }));
}

/** Looks for a post among the channel's recent posts; for settling an unknown outcome. */
export function findPublishedOnChannel(
  channelId: string,
  query: Omit<ReadBackQuery, 'credentials'>,
): Promise<ReadBackResult> {
  return withChannel(channelId, (adapter, credentials) => adapter.findPublished({ ...query, credentials }));
}

/** Checks that the channel's token still works; a reconnect error flags the channel. */
export function verifyChannel(channelId: string): Promise<void> {
  return withChannel(channelId, (adapter, credentials) => adapter.verify(credentials));
}
