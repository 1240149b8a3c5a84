import type { Request, Response } from 'express';
import {
  FACEBOOK_PAGE_TASKS,
  SANDBOX_FACEBOOK_APP_ID,
  SANDBOX_FACEBOOK_USER_NAME,
} from '../simulator.constants.js';
import { findAccount, listAccounts } from '../store/accounts.js';
import { SimToken, type SimTokenDoc } from '../store/sim.models.js';
import { getFaults } from '../store/sim.store.js';
import { findToken, issueToken } from '../store/tokens.js';
import { authenticate, ctx, type GraphToken, param, tokenFault } from './graph-context.js';
import { GraphError, graphErrors } from './graph-errors.js';

const seconds = (d: Date | null | undefined) => (d ? Math.floor(d.getTime() / 1000) : 0);

function requireUser(token: GraphToken): SimTokenDoc {
  if (token === 'app' || token.kind !== 'user') {
    throw new GraphError(
      400,
      2500,
      'An active access token must be used to query information about the current user.',
    );
  }
  return token;
}

export async function me(req: Request, res: Response): Promise<void> {
  const token = await authenticate(req, res);
  if (token !== 'app' && token.kind === 'page' && token.accountId) {
    const pageDoc = await findAccount('facebook', token.accountId);
    res.json({ id: token.accountId, name: pageDoc?.name ?? '' });
    return;
  }
  res.json({ id: requireUser(token).userId, name: SANDBOX_FACEBOOK_USER_NAME });
}

/** A page token derived from a user token: no expiry when the user token is long-lived. */
async function pageToken(user: SimTokenDoc, pageId: string): Promise<string> {
  const expiresAt = user.longLived ? null : (user.expiresAt ?? null);
  const query = {
    platform: 'facebook',
    kind: 'page',
    accountId: pageId,
    userId: user.userId,
    expiresAt,
  } as const;
  const existing = await SimToken.findOne({ ...query, revoked: false }).lean();
  if (existing) return existing.token;
  const issued = await issueToken({
    ...query,
    scopes: user.scopes,
    longLived: user.longLived,
    issuedAt: user.issuedAt,
  });
  return issued.token;
}

export async function meAccounts(req: Request, res: Response): Promise<void> {
  const user = requireUser(await authenticate(req, res));
  const limit = Math.min(100, Math.max(1, Number(param(res, 'limit') ?? 25) || 25));
  const start = Number(Buffer.from(param(res, 'after') ?? '', 'base64url').toString() || 0) || 0;
  const fields = (param(res, 'fields') ?? 'access_token,category,name,id,tasks')
    .split(',')
    .map((f) => f.trim());
  const visible = [];
  if (user.scopes.includes('pages_show_list')) {
    for (const account of await listAccounts('facebook')) {
      if (!(await getFaults('facebook', account.externalId)).permissionLost) visible.push(account);
    }
  }
  const slice = visible.slice(start, start + limit);
  const data = [];
  for (const account of slice) {
    const full: Record<string, unknown> = {
      id: account.externalId,
      name: account.name,
      category: 'Community Organization',
      tasks: FACEBOOK_PAGE_TASKS,
      access_token: fields.includes('access_token') ? await pageToken(user, account.externalId) : undefined,
    };
    data.push(Object.fromEntries(fields.filter((f) => f in full).map((f) => [f, full[f]])));
  }
  const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
  const paging: Record<string, unknown> = {
    cursors: { before: cursor(start), after: cursor(start + slice.length) },
  };
  if (start + limit < visible.length) {
    const next = new URL(`${res.locals.simPublicUrl}/facebook/${ctx(res).version}/me/accounts`);
    next.searchParams.set('fields', fields.join(','));
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('after', cursor(start + limit));
    next.searchParams.set('access_token', user.token);
    paging.next = next.toString();
  }
  res.json({ data, paging });
}

export async function mePermissions(req: Request, res: Response): Promise<void> {
  const token = await authenticate(req, res);
  if (token === 'app') throw graphErrors.badToken();
  res.json({ data: token.scopes.map((permission) => ({ permission, status: 'granted' })) });
}

/** GET /debug_token: what a token is, for whom, and whether it still works. */
export async function debugToken(req: Request, res: Response): Promise<void> {
  const caller = await authenticate(req, res);
  if (caller !== 'app' && caller.kind !== 'user') {
    throw new GraphError(
      400,
      100,
      '(#100) You must provide an app access token, or a user access token that is an owner or developer of the app',
    );
  }
  const input = param(res, 'input_token');
  if (!input) throw graphErrors.invalidParam('The parameter input_token is required');
  const { now } = ctx(res);
  const token = await findToken('facebook', input);
  if (!token) {
    res.json({
      data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] },
    });
    return;
  }
  const fault = token.accountId ? tokenFault(await getFaults('facebook', token.accountId), token, now) : null;
  const expired = token.expiresAt !== null && token.expiresAt !== undefined && token.expiresAt <= now;
  const error = token.revoked
    ? graphErrors.revoked()
    : expired
      ? graphErrors.expired(token.expiresAt as Date, now)
      : fault;
  const pages =
    token.kind === 'page' && token.accountId
      ? [token.accountId]
      : (await listAccounts('facebook')).map((a) => a.externalId);
  res.json({
    data: {
      app_id: SANDBOX_FACEBOOK_APP_ID,
      type: token.kind === 'page' ? 'PAGE' : 'USER',
      application: 'Vitrine (sandbox app)',
      data_access_expires_at: seconds(token.issuedAt) + 90 * 86_400,
      expires_at: seconds(token.expiresAt),
      is_valid: error === null,
      ...(error ? { error: { code: error.code, message: error.message, subcode: error.extra.subcode } } : {}),
      issued_at: seconds(token.issuedAt),
      ...(token.kind === 'page' ? { profile_id: token.accountId } : {}),
      scopes: token.scopes,
      granular_scopes: token.scopes.map((scope) =>
        scope.startsWith('pages_') || scope === 'read_insights' ? { scope, target_ids: pages } : { scope },
      ),
      user_id: token.userId,
    },
  });
}
