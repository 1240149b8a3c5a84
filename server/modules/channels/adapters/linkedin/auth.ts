import { PermanentError, ReconnectError } from '../adapter-errors.js';
import type { ConnectableAccount, OAuthTokens } from '../platform.types.js';
import { send } from '../transport.js';
import { classifyLinkedInError } from './errors.js';
import { organizationUrn, type RestClient } from './rest-client.js';

const linkedInScopes = ['w_organization_social', 'r_organization_social', 'rw_organization_admin'];

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
  error?: string;
  error_description?: string;
}

function app(client: RestClient): { client_id: string; client_secret: string } {
  const { clientId, clientSecret } = client.settings;
  if (!clientId || !clientSecret) {
    throw new PermanentError({
      platform: 'linkedin',
      code: 'app_not_configured',
      reason: 'LinkedIn app credentials are not configured (LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET).',
    });
  }
  return { client_id: clientId, client_secret: clientSecret };
}

export function linkedInAuthorizationUrl(client: RestClient, redirectUri: string, state: string): string {
  const url = new URL(`${client.oauthBase}/authorization`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app(client).client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('scope', linkedInScopes.join(' '));
  return url.toString();
}

/** Both grants share the token endpoint; a refused grant means the person must connect again. */
async function tokenGrant(
  client: RestClient,
  form: Record<string, string>,
  what: string,
): Promise<OAuthTokens> {
  const response = await send<TokenAnswer>(
    client.http,
    {
      method: 'POST',
      url: `${client.oauthBase}/accessToken`,
      data: new URLSearchParams({ ...form, ...app(client) }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    },
    { platform: 'linkedin', what },
  );
  const data = response.data;
  if (response.status >= 500 || response.status === 429) {
    throw classifyLinkedInError({
      status: response.status,
      data,
      headers: response.headers as Record<string, unknown>,
    });
  }
  if (response.status >= 400 || !data?.access_token) {
    throw new ReconnectError({
      platform: 'linkedin',
      code: data?.error ?? `http_${response.status}`,
      httpStatus: response.status,
      reason: `LinkedIn refused the grant while ${what} (${data?.error_description ?? data?.error ?? 'no token'}). Connect the organization again.`,
    });
  }
  const now = Date.now();
  return {
    accessToken: data.access_token,
    scopes: (data.scope ?? '').split(/[\s,]+/).filter(Boolean),
    ...(data.refresh_token ? { refreshToken: data.refresh_token } : {}),
    ...(data.expires_in ? { accessTokenExpiresAt: new Date(now + data.expires_in * 1000) } : {}),
    ...(data.refresh_token_expires_in
      ? { refreshTokenExpiresAt: new Date(now + data.refresh_token_expires_in * 1000) }
      : {}),
  };
}

export function linkedInExchangeCode(
  client: RestClient,
  code: string,
  redirectUri: string,
): Promise<OAuthTokens> {
  return tokenGrant(
    client,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
    'exchanging the code',
  );
}

/** The answer may carry no refresh token: the caller keeps the one it has. */
export function linkedInRefresh(client: RestClient, refreshToken: string): Promise<OAuthTokens> {
  return tokenGrant(
    client,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    'refreshing the token',
  );
}

interface AclElement {
  organization?: string;
  organizationTarget?: string;
  role?: string;
  state?: string;
}

/** Organizations where the person is an approved ADMINISTRATOR; they all share the member's token. */
export async function linkedInListOrganizations(
  client: RestClient,
  user: OAuthTokens,
): Promise<ConnectableAccount[]> {
  const urns: string[] = [];
  for (let start = 0; start < 1000; start += 100) {
    const { data } = await client.call<{ elements?: AclElement[] }>({
      url: `/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&start=${start}&count=100`,
      token: user.accessToken,
      what: 'listing the organizations',
    });
    const elements = data.elements ?? [];
    for (const el of elements) {
      const urn = el.organization ?? el.organizationTarget;
      if (urn && (!el.state || el.state === 'APPROVED')) urns.push(urn);
    }
    if (elements.length < 100) break;
  }
  const accounts: ConnectableAccount[] = [];
  for (const urn of [...new Set(urns)]) {
    const id = urn.split(':').at(-1)!;
    accounts.push({
      externalId: id,
      name: await organizationName(client, id, user.accessToken),
      tokens: user,
    });
  }
  return accounts;
}

async function organizationName(client: RestClient, id: string, token: string): Promise<string> {
  try {
    const { data } = await client.call<{ localizedName?: string; vanityName?: string }>({
      url: `/rest/organizations/${encodeURIComponent(id)}`,
      token,
      what: 'reading the organization',
    });
    return data.localizedName ?? data.vanityName ?? organizationUrn(id);
  } catch (err) {
    if (err instanceof PermanentError) return organizationUrn(id);
    throw err;
  }
}
