import { ServiceUnavailableError } from '../../lib/errors.js';
import { type AxiosResponse, createHttpClient } from '../../lib/http-client.js';
import { sandboxAdminKey, sandboxKeyHeader } from '../../lib/sandbox-key.js';
import type { OAuthTokens, Platform } from './adapters/platform.types.js';
import { sandboxUrl } from './adapters/registry.js';

export interface SandboxAccount {
  externalId: string;
  name: string;
  tokens: OAuthTokens;
}

interface ProvisionAnswer {
  externalId?: string;
  name?: string;
  accessToken?: string;
  refreshToken?: string;
  expiresIn?: number;
  refreshTokenExpiresIn?: number;
  scopes?: string[];
}

/**
 * Asks the built-in simulator for a new sandbox page or organization with its token:
 * how a sandbox channel is connected without any platform account.
 */
export async function provisionSandboxAccount(platform: Platform, name: string): Promise<SandboxAccount> {
  const failed = (why: string) =>
    new ServiceUnavailableError(`The platform simulator could not create a sandbox account (${why}).`);
  let response: AxiosResponse<ProvisionAnswer | undefined>;
  try {
    response = await createHttpClient({ timeout: 10_000 }).post<ProvisionAnswer>(
      `${sandboxUrl()}/_admin/accounts`,
      { platform, name },
      { headers: { [sandboxKeyHeader]: sandboxAdminKey() } },
    );
  } catch {
    throw failed('unreachable');
  }
  const answer = response.data;
  if (response.status >= 300 || !answer?.externalId || !answer.accessToken) {
    throw failed(`status ${response.status}`);
  }
  const now = Date.now();
  return {
    externalId: answer.externalId,
    name: answer.name ?? name,
    tokens: {
      accessToken: answer.accessToken,
      scopes: answer.scopes ?? [],
      ...(answer.refreshToken ? { refreshToken: answer.refreshToken } : {}),
      ...(answer.expiresIn ? { accessTokenExpiresAt: new Date(now + answer.expiresIn * 1000) } : {}),
      ...(answer.refreshTokenExpiresIn
        ? { refreshTokenExpiresAt: new Date(now + answer.refreshTokenExpiresIn * 1000) }
        : {}),
    },
  };
}
