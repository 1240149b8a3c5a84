import { ServiceUnavailableError } from '../../lib/errors.js';
import { createHttpClient } from '../../lib/http-client.js';
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
  const http = createHttpClient({ timeout: 10_000 });
  let answer: ProvisionAnswer;
  try {
    const response = await http.post<ProvisionAnswer>(
      `${sandboxUrl()}/_admin/accounts`,
      { platform, name },
      { headers: { [sandboxKeyHeader]: sandboxAdminKey() } },
    );
    if (response.status >= 300 || !response.data?.externalId || !response.data.accessToken) {
      throw new Error(`status ${response.status}`);
    }
    answer = response.data;
  } catch (err) {
    const why = err instanceof Error && err.message.startsWith('status') ? err.message : 'unreachable';
    throw new ServiceUnavailableError(`The platform simulator could not create a sandbox account (${why}).`);
  }
  const now = Date.now();
  return {
    externalId: answer.externalId!,
    name: answer.name ?? name,
    tokens: {
      accessToken: answer.accessToken!,
      scopes: answer.scopes ?? [],
      ...(answer.refreshToken ? { refreshToken: answer.refreshToken } : {}),
      ...(answer.expiresIn ? { accessTokenExpiresAt: new Date(now + answer.expiresIn * 1000) } : {}),
      ...(answer.refreshTokenExpiresIn
        ? { refreshTokenExpiresAt: new Date(now + answer.refreshTokenExpiresIn * 1000) }
        : {}),
    },
  };
}
