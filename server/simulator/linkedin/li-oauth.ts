import { type Request, type Response, Router } from 'express';
import { consentPage, errorPage, isHttpUrl, withQuery } from '../consent.page.js';
import {
  LINKEDIN_ACCESS_S,
  LINKEDIN_REFRESH_S,
  LINKEDIN_SCOPES,
  SANDBOX_LINKEDIN_CLIENT_ID,
  SANDBOX_LINKEDIN_CLIENT_SECRET,
  SANDBOX_LINKEDIN_PERSON_URN,
} from '../simulator.constants.js';
import { listAccounts } from '../store/accounts.js';
import { consumeCode, createCode } from '../store/codes.js';
import type { SimTokenDoc } from '../store/sim.models.js';
import { getFaults, hitsToken, simNow } from '../store/sim.store.js';
import { findToken, issueToken, secondsLeft } from '../store/tokens.js';

const KNOWN_SCOPES = [...LINKEDIN_SCOPES, 'openid', 'profile', 'email', 'w_member_social', 'r_basicprofile'];

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

async function authorize(req: Request, res: Response): Promise<void> {
  const q = req.query as Record<string, string | undefined>;
  if (
    q.client_id !== SANDBOX_LINKEDIN_CLIENT_ID ||
    !isHttpUrl(q.redirect_uri) ||
    q.response_type !== 'code'
  ) {
    res
      .status(400)
      .type('html')
      .send(
        errorPage(
          'LinkedIn',
          'Invalid request: check client_id (sandbox-client), redirect_uri and response_type=code.',
        ),
      );
    return;
  }
  const scopes = (q.scope ?? '').split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
  if (unknown.length) {
    const description = `Scope "${unknown[0]}" is not authorized for your application`;
    res.redirect(
      302,
      withQuery(q.redirect_uri, {
        error: 'unauthorized_scope_error',
        error_description: description,
        state: q.state,
      }),
    );
    return;
  }
  const orgs = await listAccounts('linkedin');
  res.type('html').send(
    consentPage({
      platform: 'LinkedIn',
      person: 'Sandbox Person',
      appName: 'Vitrine (sandbox app)',
      scopes,
      accounts: orgs.map((o) => o.name),
      action: `${req.baseUrl}/oauth/v2/authorization/decide`,
      fields: { redirect_uri: q.redirect_uri, state: q.state ?? '', scope: scopes.join(' ') },
    }),
  );
}

async function decide(req: Request, res: Response): Promise<void> {
  const body = req.body as Record<string, string | undefined>;
  if (!isHttpUrl(body.redirect_uri)) {
    res.status(400).type('html').send(errorPage('LinkedIn', 'redirect_uri is missing.'));
    return;
  }
  const state = body.state || undefined;
  if (body.decision !== 'allow') {
    const cancelled = {
      error: 'user_cancelled_authorize',
      error_description: 'The user cancelled the authorization',
      state,
    };
    res.redirect(302, withQuery(body.redirect_uri, cancelled));
    return;
  }
  const scopes = (body.scope ?? '').split(' ').filter(Boolean);
  const code = await createCode(
    'linkedin',
    SANDBOX_LINKEDIN_CLIENT_ID,
    body.redirect_uri,
    scopes,
    await simNow(),
  );
  res.redirect(302, withQuery(body.redirect_uri, { code, state }));
}

/** Issues an access token and its refresh token; the refresh token's clock starts once. */
export async function grantTokens(scopes: string[], accountId: string | null, now: Date) {
  const base = {
    platform: 'linkedin',
    userId: SANDBOX_LINKEDIN_PERSON_URN,
    accountId,
    scopes,
    issuedAt: now,
  } as const;
  const access = await issueToken({
    ...base,
    kind: 'member',
    expiresAt: new Date(now.getTime() + LINKEDIN_ACCESS_S * 1000),
  });
  const refresh = await issueToken({
    ...base,
    kind: 'refresh',
    expiresAt: new Date(now.getTime() + LINKEDIN_REFRESH_S * 1000),
  });
  return {
    access_token: access.token,
    expires_in: LINKEDIN_ACCESS_S,
    refresh_token: refresh.token,
    refresh_token_expires_in: LINKEDIN_REFRESH_S,
    scope: scopes.join(','),
  };
}

async function refreshGrant(raw: string | undefined, now: Date) {
  const refresh: SimTokenDoc | null = raw ? await findToken('linkedin', raw) : null;
  const faults = await getFaults('linkedin', refresh?.accountId);
  const dead = refresh?.kind !== 'refresh' || refresh.revoked || (refresh.expiresAt ?? now) <= now;
  if (dead || (faults.tokenRevoked && hitsToken(faults, refresh))) {
    throw new OAuthError(
      400,
      'invalid_request',
      'The provided authorization grant or refresh token is invalid, expired or revoked.',
    );
  }
  const access = await issueToken({
    platform: 'linkedin',
    kind: 'member',
    userId: refresh.userId,
    accountId: refresh.accountId ?? null,
    scopes: refresh.scopes,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + LINKEDIN_ACCESS_S * 1000),
  });
  return {
    access_token: access.token,
    expires_in: LINKEDIN_ACCESS_S,
    refresh_token: refresh.token,
    refresh_token_expires_in: secondsLeft(refresh.expiresAt, now),
    scope: refresh.scopes.join(','),
  };
}

async function accessToken(req: Request, res: Response): Promise<void> {
  const body = {
    ...(req.query as Record<string, string>),
    ...((req.body ?? {}) as Record<string, string | undefined>),
  };
  const now = await simNow();
  try {
    if (!body.grant_type)
      throw new OAuthError(400, 'invalid_request', 'A required parameter "grant_type" is missing');
    if (
      body.client_id !== SANDBOX_LINKEDIN_CLIENT_ID ||
      body.client_secret !== SANDBOX_LINKEDIN_CLIENT_SECRET
    ) {
      throw new OAuthError(400, 'invalid_client', 'Client authentication failed');
    }
    if (body.grant_type === 'refresh_token') {
      res.json(await refreshGrant(body.refresh_token, now));
      return;
    }
    if (body.grant_type !== 'authorization_code')
      throw new OAuthError(400, 'unsupported_grant_type', 'Grant type is not supported');
    const grant = body.code ? await consumeCode('linkedin', body.code, now) : null;
    if (!grant || grant.redirectUri !== body.redirect_uri) {
      throw new OAuthError(
        400,
        'invalid_request',
        'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists',
      );
    }
    res.json(await grantTokens(grant.scopes, null, now));
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    res.status(err.status).json({ error: err.error, error_description: err.message });
  }
}

/** www.linkedin.com/oauth/v2: the authorization page and the token endpoint. */
export function linkedinOAuthRouter(): Router {
  const router = Router();
  router.get('/oauth/v2/authorization', authorize);
  router.post('/oauth/v2/authorization/decide', decide);
  router.post('/oauth/v2/accessToken', accessToken);
  return router;
}
