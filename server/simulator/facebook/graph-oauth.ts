import { type Request, type Response, Router } from 'express';
import { consentPage, errorPage, isHttpUrl, withQuery } from '../consent.page.js';
import {
  FACEBOOK_LONG_LIVED_S,
  FACEBOOK_SCOPES,
  FACEBOOK_SHORT_LIVED_S,
  SANDBOX_FACEBOOK_APP_ID,
  SANDBOX_FACEBOOK_APP_SECRET,
  SANDBOX_FACEBOOK_USER_ID,
  SANDBOX_FACEBOOK_USER_NAME,
} from '../simulator.constants.js';
import { listAccounts } from '../store/accounts.js';
import { consumeCode, createCode } from '../store/codes.js';
import { simNow } from '../store/sim.store.js';
import { issueToken } from '../store/tokens.js';
import { checkToken, ctx, param } from './graph-context.js';
import { GraphError, graphErrors } from './graph-errors.js';

/** The login dialog (www.facebook.com/{v}/dialog/oauth), with or without a version. */
export function dialogRouter(): Router {
  const router = Router();
  const show = async (req: Request, res: Response) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.client_id !== SANDBOX_FACEBOOK_APP_ID) {
      res
        .status(400)
        .type('html')
        .send(errorPage('Facebook', 'Invalid App ID: the sandbox only knows sandbox-app.'));
      return;
    }
    if (!isHttpUrl(q.redirect_uri)) {
      res
        .status(400)
        .type('html')
        .send(errorPage('Facebook', 'URL blocked: redirect_uri must be an absolute URL.'));
      return;
    }
    const requested = (q.scope ?? 'public_profile').split(/[,\s]+/).filter(Boolean);
    const unknown = requested.filter((s) => !FACEBOOK_SCOPES.includes(s));
    if (unknown.length) {
      res
        .status(400)
        .type('html')
        .send(errorPage('Facebook', `Invalid Scopes: ${unknown.join(', ')}.`));
      return;
    }
    const pages = await listAccounts('facebook');
    res.type('html').send(
      consentPage({
        platform: 'Facebook',
        person: SANDBOX_FACEBOOK_USER_NAME,
        appName: 'Vitrine (sandbox app)',
        scopes: requested,
        accounts: pages.map((p) => p.name),
        action: `${req.baseUrl}/dialog/oauth/decide`,
        fields: { redirect_uri: q.redirect_uri, state: q.state ?? '', scope: requested.join(',') },
      }),
    );
  };
  router.get(['/dialog/oauth', '/:version/dialog/oauth'], show);
  router.post(['/dialog/oauth/decide', '/:version/dialog/oauth/decide'], async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    if (!isHttpUrl(body.redirect_uri)) {
      res.status(400).type('html').send(errorPage('Facebook', 'redirect_uri is missing.'));
      return;
    }
    const state = body.state || undefined;
    if (body.decision !== 'allow') {
      const denied = {
        error: 'access_denied',
        error_code: '200',
        error_description: 'Permissions error',
        error_reason: 'user_denied',
        state,
      };
      res.redirect(302, withQuery(body.redirect_uri, denied));
      return;
    }
    const scopes = (body.scope ?? '').split(',').filter(Boolean);
    const code = await createCode(
      'facebook',
      SANDBOX_FACEBOOK_APP_ID,
      body.redirect_uri,
      scopes,
      await simNow(),
    );
    res.redirect(302, withQuery(body.redirect_uri, { code, state }));
  });
  return router;
}

function checkApp(res: Response): void {
  if (param(res, 'client_id') !== SANDBOX_FACEBOOK_APP_ID) {
    throw new GraphError(400, 101, 'Error validating application. Invalid application ID.');
  }
  if (param(res, 'client_secret') !== SANDBOX_FACEBOOK_APP_SECRET) {
    throw new GraphError(400, 1, 'Error validating client secret.');
  }
}

async function exchangeCode(res: Response) {
  const { now } = ctx(res);
  const code = param(res, 'code');
  if (!code) throw graphErrors.invalidParam('Missing authorization code');
  const grant = await consumeCode('facebook', code, now);
  if (!grant) throw graphErrors.invalidParam('This authorization code has been used.', 36009);
  if (grant.redirectUri !== param(res, 'redirect_uri')) {
    throw graphErrors.invalidParam(
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      36008,
    );
  }
  const token = await issueToken({
    platform: 'facebook',
    kind: 'user',
    userId: SANDBOX_FACEBOOK_USER_ID,
    scopes: grant.scopes,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + FACEBOOK_SHORT_LIVED_S * 1000),
  });
  return { access_token: token.token, token_type: 'bearer', expires_in: FACEBOOK_SHORT_LIVED_S };
}

async function exchangeLongLived(res: Response) {
  const { now } = ctx(res);
  const short = param(res, 'fb_exchange_token');
  if (!short) throw graphErrors.invalidParam('Missing fb_exchange_token');
  const caller = await checkToken(short, now);
  if (caller === 'app' || caller.kind !== 'user') throw graphErrors.badToken();
  const token = await issueToken({
    platform: 'facebook',
    kind: 'user',
    userId: caller.userId,
    scopes: caller.scopes,
    longLived: true,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + FACEBOOK_LONG_LIVED_S * 1000),
  });
  return { access_token: token.token, token_type: 'bearer', expires_in: FACEBOOK_LONG_LIVED_S };
}

/** GET /{v}/oauth/access_token: code exchange, or fb_exchange_token for a long-lived token. */
export async function accessToken(_req: Request, res: Response): Promise<void> {
  checkApp(res);
  const grantType = param(res, 'grant_type');
  if (grantType === 'fb_exchange_token') {
    res.json(await exchangeLongLived(res));
    return;
  }
  if (grantType && grantType !== 'authorization_code')
    throw graphErrors.invalidParam(`Unsupported grant_type: ${grantType}`);
  res.json(await exchangeCode(res));
}
