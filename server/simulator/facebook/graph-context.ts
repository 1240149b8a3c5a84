import type { NextFunction, Request, Response } from 'express';
import {
  FACEBOOK_APP_BUDGET,
  FACEBOOK_BUC_BUDGET,
  RATE_WINDOW_MS,
  SANDBOX_FACEBOOK_APP_ID,
  SANDBOX_FACEBOOK_APP_SECRET,
} from '../simulator.constants.js';
import type { SimTokenDoc } from '../store/sim.models.js';
import {
  countInWindow,
  type Faults,
  getFaults,
  hitsToken,
  simNow,
  sleep,
  takeBurst,
  takeServerError,
} from '../store/sim.store.js';
import { findToken } from '../store/tokens.js';
import { type GraphError, graphErrors } from './graph-errors.js';

/** Per-request state of a Graph call: merged parameters and the simulated time. */
export interface GraphCtx {
  params: Record<string, unknown>;
  now: Date;
  version: string;
}

export type GraphToken = SimTokenDoc | 'app';

export function ctx(res: Response): GraphCtx {
  return res.locals.graph as GraphCtx;
}

/** A string parameter from the query string or the body (Graph accepts both). */
export function param(res: Response, name: string): string | undefined {
  const value = ctx(res).params[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function flag(res: Response, name: string, fallback: boolean): boolean {
  const value = param(res, name);
  return value === undefined ? fallback : value === 'true' || value === '1';
}

const VERSION = /^v\d{1,2}\.\d$/;

/** Checks the version segment, merges parameters and reports app-wide usage on every answer. */
export async function graphBase(req: Request, res: Response, next: NextFunction): Promise<void> {
  const version = String(req.params.version);
  const now = await simNow();
  res.locals.graph = { params: { ...req.query, ...(req.body ?? {}) }, now, version } satisfies GraphCtx;
  const windowStart = now.getTime() - (now.getTime() % RATE_WINDOW_MS);
  const calls = await countInWindow(`fb-app:${SANDBOX_FACEBOOK_APP_ID}`, windowStart, RATE_WINDOW_MS);
  const pct = Math.floor((calls * 100) / FACEBOOK_APP_BUDGET);
  res.setHeader(
    'X-App-Usage',
    JSON.stringify({ call_count: pct, total_time: Math.floor(pct / 2), total_cputime: Math.floor(pct / 3) }),
  );
  res.setHeader('X-Business-Use-Case-Usage', '{}');
  if (!VERSION.test(version)) throw graphErrors.unknownPath(req.path);
  next();
}

/** The caller's token from `access_token` or `Authorization: Bearer`, checked for validity. */
export async function authenticate(req: Request, res: Response): Promise<GraphToken> {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  return checkToken(param(res, 'access_token') ?? bearer, ctx(res).now);
}

export async function checkToken(raw: string | undefined, now: Date): Promise<GraphToken> {
  if (!raw) throw graphErrors.noToken();
  if (raw === `${SANDBOX_FACEBOOK_APP_ID}|${SANDBOX_FACEBOOK_APP_SECRET}`) return 'app';
  const token = await findToken('facebook', raw);
  if (!token) throw graphErrors.badToken();
  if (token.revoked) throw graphErrors.revoked();
  if (token.expiresAt && token.expiresAt <= now) throw graphErrors.expired(token.expiresAt, now);
  return token;
}

export function tokenFault(faults: Faults, token: SimTokenDoc, now: Date): GraphError | null {
  if (!hitsToken(faults, token)) return null;
  if (faults.tokenRevoked) return graphErrors.revoked();
  if (faults.passwordChanged) return graphErrors.passwordChanged();
  if (faults.tokenExpired) return graphErrors.expired(new Date(now.getTime() - 60_000), now);
  return null;
}

export type PageOp = 'read' | 'write' | 'insights';

/**
 * Everything a page-scoped call goes through, in the platform's order: latency, token
 * state, role, injected throttles and errors, then the page's business-use-case budget.
 * `calls`: how many calls this counts for (the operations of a batch on this page).
 */
export async function guardPage(
  res: Response,
  token: GraphToken,
  pageId: string,
  op: PageOp,
  calls = 1,
): Promise<void> {
  const { now } = ctx(res);
  const faults = await getFaults('facebook', pageId);
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
  const tokenError = token === 'app' ? null : tokenFault(faults, token, now);
  if (tokenError) throw tokenError;
  const isPageToken = token !== 'app' && token.kind === 'page' && token.accountId === pageId;
  if (!isPageToken) {
    if (op === 'insights') throw graphErrors.pageTokenNeeded();
    if (op === 'write') throw graphErrors.cannotPost();
  }
  if (faults.permissionLost) throw op === 'read' ? graphErrors.cannotRead() : graphErrors.cannotPost();
  if (faults.policyBlock && op === 'write') throw graphErrors.policyBlock();
  if (faults.postingTooFast && op === 'write') throw graphErrors.postingTooFast();
  const windowStart = now.getTime() - (now.getTime() % RATE_WINDOW_MS);
  const regainMinutes = Math.max(1, Math.ceil((windowStart + RATE_WINDOW_MS - now.getTime()) / 60_000));
  if (await takeBurst('facebook', pageId)) {
    setBuc(res, pageId, 100, regainMinutes);
    throw isPageToken ? graphErrors.pageThrottled() : graphErrors.appThrottled();
  }
  if (await takeServerError('facebook', pageId, faults.error5xxRate)) throw graphErrors.transient();
  if (!isPageToken) return;
  const budget = faults.callBudget ?? FACEBOOK_BUC_BUDGET;
  // Setting faults starts a fresh count, so a test's small budget is not eaten by earlier calls.
  const key = `fb-buc:${pageId}:${faults.setAt?.getTime() ?? 0}`;
  const used = await countInWindow(key, windowStart, RATE_WINDOW_MS, calls);
  const pct = Math.floor((used * 100) / budget);
  setBuc(res, pageId, pct, used > budget ? regainMinutes : 0);
  if (used > budget) throw graphErrors.pageThrottled();
}

function setBuc(res: Response, pageId: string, pct: number, regainMinutes: number): void {
  const usage = {
    type: 'pages',
    call_count: pct,
    total_cputime: Math.floor(pct / 4),
    total_time: Math.floor(pct / 4),
    estimated_time_to_regain_access: regainMinutes,
  };
  res.setHeader('X-Business-Use-Case-Usage', JSON.stringify({ [pageId]: [usage] }));
}

export function graphTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}
