import { PermanentError, ReconnectError } from '../adapter-errors.js';
import type { ConnectableAccount, OAuthTokens } from '../platform.types.js';
import type { GraphClient } from './graph-client.js';

const facebookScopes = ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement', 'read_insights'];

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
}

interface PageRow {
  id: string;
  name: string;
  access_token?: string;
  tasks?: string[];
}

function appCredentials(client: GraphClient): { client_id: string; client_secret: string } {
  const { clientId, clientSecret } = client.settings;
  if (!clientId || !clientSecret) {
    throw new PermanentError({
      platform: 'facebook',
      code: 'app_not_configured',
      reason: 'Facebook app credentials are not configured (FACEBOOK_APP_ID and FACEBOOK_APP_SECRET).',
    });
  }
  return { client_id: clientId, client_secret: clientSecret };
}

export function facebookAuthorizationUrl(client: GraphClient, redirectUri: string, state: string): string {
  const url = new URL(`${client.settings.oauthUrl.replace(/\/$/, '')}/dialog/oauth`);
  url.searchParams.set('client_id', appCredentials(client).client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', facebookScopes.join(','));
  return url.toString();
}

/** Code → short-lived user token → long-lived user token (about 60 days). */
export async function facebookExchangeCode(
  client: GraphClient,
  code: string,
  redirectUri: string,
): Promise<OAuthTokens> {
  const app = appCredentials(client);
  const short = await client.call<TokenAnswer>({
    path: '/oauth/access_token',
    params: { ...app, redirect_uri: redirectUri, code },
    what: 'exchanging the login code',
  });
  const long = await client.call<TokenAnswer>({
    path: '/oauth/access_token',
    params: { ...app, grant_type: 'fb_exchange_token', fb_exchange_token: short.access_token },
    what: 'getting a long-lived token',
  });
  const scopes = await grantedScopes(client, long.access_token);
  return {
    accessToken: long.access_token,
    scopes,
    ...(long.expires_in ? { accessTokenExpiresAt: new Date(Date.now() + long.expires_in * 1000) } : {}),
  };
}

async function grantedScopes(client: GraphClient, token: string): Promise<string[]> {
  const answer = await client.call<{ data?: { permission: string; status: string }[] }>({
    path: '/me/permissions',
    token,
    what: 'reading the granted permissions',
  });
  return (answer.data ?? []).filter((p) => p.status === 'granted').map((p) => p.permission);
}

/**
 * Pages the person manages, each with its own page token. A page token taken from a
 * long-lived user token does not expire, so no expiry is recorded.
 */
export async function facebookListPages(
  client: GraphClient,
  user: OAuthTokens,
): Promise<ConnectableAccount[]> {
  const missing = facebookScopes.filter((s) => user.scopes.length > 0 && !user.scopes.includes(s));
  if (missing.includes('pages_manage_posts') || missing.includes('pages_show_list')) {
    throw new ReconnectError({
      platform: 'facebook',
      code: 'permission_missing',
      reason: `Facebook permissions not granted: ${missing.join(', ')}. Connect again and accept them.`,
    });
  }
  const pages: PageRow[] = [];
  let after: string | undefined;
  for (let page = 0; page < 50; page++) {
    const answer = await client.call<{
      data?: PageRow[];
      paging?: { next?: string; cursors?: { after?: string } };
    }>({
      path: '/me/accounts',
      token: user.accessToken,
      params: { fields: 'id,name,access_token,tasks', limit: 100, ...(after ? { after } : {}) },
      what: 'listing the pages',
    });
    pages.push(...(answer.data ?? []));
    // The `next` URL carries the token in its query: follow its cursor rather than the URL.
    after = answer.paging?.next ? nextCursor(answer.paging) : undefined;
    if (!after) break;
  }
  return pages
    .filter((p) => p.access_token && (!p.tasks || p.tasks.includes('CREATE_CONTENT')))
    .map((p) => ({
      externalId: p.id,
      name: p.name,
      tokens: { accessToken: p.access_token!, scopes: user.scopes },
    }));
}

/** The `after` cursor of a Graph page, from `paging.cursors` or else from the `next` URL. */
export function nextCursor(paging: { next?: string; cursors?: { after?: string } }): string | undefined {
  if (paging.cursors?.after) return paging.cursors.after;
  try {
    return new URL(paging.next ?? '').searchParams.get('after') ?? undefined;
  } catch {
    return undefined;
  }
}
