import { randomBytes } from 'node:crypto';
import { config } from '../../config/index.js';
import { NotFoundError, ServiceUnavailableError, ValidationError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import { assertEnterprisesExist } from '../enterprises/enterprise.service.js';
import { isAdapterError } from './adapters/adapter-errors.js';
import type { Platform } from './adapters/platform.types.js';
import { type ChannelMode, getAdapter, liveAppConfigured } from './adapters/registry.js';
import type { ChannelOwner } from './channel.schemas.js';
import { findChannelDoc, type PublicChannel, saveConnectedAccount } from './channel.service.js';

const stateTtlSeconds = 10 * 60;

/** Platform refusals become 400s with the adapter's reason; outages become 503s. */
async function asAppError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isAdapterError(err)) throw err;
    if (err.kind === 'reconnect' || err.kind === 'permanent') throw new ValidationError(err.reason);
    throw new ServiceUnavailableError(err.reason);
  }
}

interface OAuthState {
  platform: Platform;
  mode: ChannelMode;
  owner: ChannelOwner;
  /** Set when reconnecting one channel: only that page/organization is updated. */
  channelId?: string;
  userId: string;
}

function stateKey(state: string): string {
  return `${config().REDIS_PREFIX}:oauth-state:${state}`;
}

function oauthRedirectUri(platform: Platform): string {
  return `${config().publicUrl}/api/v1/channels/oauth/${platform}/callback`;
}

/**
 * Starts connecting (or reconnecting) pages/organizations: stores a one-time `state`
 * in Redis and returns the platform's consent URL to send the browser to.
 */
export async function startOAuth(input: {
  platform: Platform;
  mode: ChannelMode;
  userId: string;
  enterpriseId?: string;
  channelId?: string;
}): Promise<{ url: string }> {
  let { mode } = input;
  let owner: ChannelOwner = input.enterpriseId
    ? { kind: 'enterprise', enterpriseId: input.enterpriseId }
    : { kind: 'hub' };
  if (input.enterpriseId) await assertEnterprisesExist([input.enterpriseId], 'enterpriseId');
  if (input.channelId) {
    const channel = await findChannelDoc(input.channelId);
    if (channel.platform !== input.platform) throw new NotFoundError('Channel');
    mode = channel.mode;
    owner = { kind: 'hub' };
  }
  if (mode === 'live' && !liveAppConfigured(input.platform)) {
    const vars =
      input.platform === 'facebook'
        ? 'FACEBOOK_APP_ID and FACEBOOK_APP_SECRET'
        : 'LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET';
    throw new ValidationError(
      `Connecting a real ${input.platform} account needs ${vars} in the configuration.`,
    );
  }
  const state = randomBytes(24).toString('base64url');
  const saved: OAuthState = {
    platform: input.platform,
    mode,
    owner,
    userId: input.userId,
    ...(input.channelId ? { channelId: input.channelId } : {}),
  };
  await redis().set(stateKey(state), JSON.stringify(saved), 'EX', stateTtlSeconds);
  const url = getAdapter(input.platform, mode).authorizationUrl({
    redirectUri: oauthRedirectUri(input.platform),
    state,
  });
  return { url };
}

/**
 * Finishes the consent redirect: checks the one-time state, trades the code for
 * tokens and saves every page/organization the person may publish to (or, when
 * reconnecting, only the channel being reconnected).
 */
export async function completeOAuth(input: {
  platform: Platform;
  state: string;
  userId: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}): Promise<PublicChannel[]> {
  const raw = await redis().getdel(stateKey(input.state));
  const saved = raw ? (JSON.parse(raw) as OAuthState) : undefined;
  if (!saved || saved.platform !== input.platform || saved.userId !== input.userId) {
    throw new ValidationError('The connection link expired or was already used. Start connecting again.');
  }
  if (input.error || !input.code) {
    throw new ValidationError(
      `The ${input.platform} connection was not approved${input.errorDescription ? `: ${input.errorDescription.slice(0, 200)}` : '.'}`,
    );
  }
  const adapter = getAdapter(saved.platform, saved.mode);
  const code = input.code;
  let accounts = await asAppError(async () => {
    const userTokens = await adapter.exchangeCode({ code, redirectUri: oauthRedirectUri(saved.platform) });
    return adapter.listAccounts(userTokens);
  });
  if (saved.channelId) {
    const channel = await findChannelDoc(saved.channelId);
    accounts = accounts.filter((a) => a.externalId === channel.externalId);
    if (accounts.length === 0) {
      throw new ValidationError(
        `The ${saved.platform} account you signed in with cannot publish to “${channel.name}” any more. Sign in as one of its administrators.`,
      );
    }
  }
  if (accounts.length === 0) {
    throw new ValidationError(
      `No ${saved.platform} page or organization you administer was found for this account.`,
    );
  }
  const connected: PublicChannel[] = [];
  for (const account of accounts) {
    connected.push(
      await saveConnectedAccount({
        platform: saved.platform,
        mode: saved.mode,
        owner: saved.owner,
        ...account,
      }),
    );
  }
  logger.info(
    { platform: saved.platform, mode: saved.mode, count: connected.length },
    'oauth connection completed',
  );
  return connected;
}
