import type { NextFunction, Request, Response } from 'express';
import { LINKEDIN_VERSION_LIFETIME_MONTHS } from '../simulator.constants.js';
import { findAccount } from '../store/accounts.js';
import type { SimTokenDoc } from '../store/sim.models.js';
import {
  countInWindow,
  getFaults,
  hitsToken,
  simNow,
  sleep,
  takeBurst,
  takeServerError,
} from '../store/sim.store.js';
import { findToken } from '../store/tokens.js';
import { liErrors } from './li-errors.js';

export interface RestCtx {
  now: Date;
  token: SimTokenDoc;
  version: string;
}

export function rest(res: Response): RestCtx {
  return res.locals.linkedin as RestCtx;
}

const monthIndex = (year: number, month: number) => year * 12 + month - 1;

/** Headers every versioned call needs, checked in the platform's order, then the token. */
export async function restBase(req: Request, res: Response, next: NextFunction): Promise<void> {
  const now = await simNow();
  const version = req.get('linkedin-version');
  if (!version) throw liErrors.versionMissing();
  const parts = /^(\d{4})(\d{2})(?:\.(\d{2}))?$/.exec(version);
  const month = Number(parts?.[2]);
  if (!parts || month < 1 || month > 12) throw liErrors.versionInvalid(version);
  const asked = monthIndex(Number(parts[1]), month);
  const current = monthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
  if (asked > current || asked < current - LINKEDIN_VERSION_LIFETIME_MONTHS) {
    throw liErrors.versionInactive(`${parts[1]}${parts[2]}${parts[3] ?? '01'}`);
  }
  if (req.get('x-restli-protocol-version') !== '2.0.0') throw liErrors.protocol();
  res.locals.linkedin = { now, version, token: await bearer(req, now) } satisfies RestCtx;
  next();
}

/** The member token in `Authorization: Bearer`, alive at `now`. */
export async function bearer(req: Request, now: Date): Promise<SimTokenDoc> {
  const raw = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!raw) throw liErrors.noToken();
  const token = await findToken('linkedin', raw);
  if (token?.kind !== 'member') throw liErrors.invalidToken();
  if (token.revoked) throw liErrors.revokedToken();
  if (token.expiresAt && token.expiresAt <= now) throw liErrors.expiredToken();
  return token;
}

export type OrgOp = 'read' | 'readPosts' | 'write' | 'admin';
/** Any one of these scopes allows the operation. */
const SCOPES: Record<OrgOp, string[]> = {
  read: ['r_organization_social', 'w_organization_social', 'rw_organization_admin'],
  readPosts: ['r_organization_social', 'w_organization_social'],
  write: ['w_organization_social'],
  admin: ['rw_organization_admin'],
};

export const orgUrn = (id: string) => `urn:li:organization:${id}`;
export const orgIdOf = (urn: unknown) =>
  typeof urn === 'string' ? /^urn:li:organization:(\d+)$/.exec(urn)?.[1] : undefined;

/**
 * What an organization-scoped call goes through: latency, token faults, role and scope,
 * injected 429 bursts and 5xx, then the daily quota (a 429 with no rate-limit headers).
 */
export async function guardOrg(
  res: Response,
  orgId: string | null,
  op: OrgOp,
  resource: string,
): Promise<void> {
  const { token, now, version } = rest(res);
  const target = orgId ?? token.accountId ?? null;
  const faults = await getFaults('linkedin', target);
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
  if (hitsToken(faults, token) && faults.tokenRevoked) throw liErrors.revokedToken();
  if (hitsToken(faults, token) && faults.tokenExpired) throw liErrors.expiredToken();
  const what = `${resource}.${op === 'write' ? 'CREATE' : 'GET'}.${version.slice(0, 6)}01`;
  if (orgId && token.accountId && token.accountId !== orgId) throw liErrors.denied(what);
  if (orgId && !(await findAccount('linkedin', orgId))) throw liErrors.denied(what);
  if (!SCOPES[op].some((scope) => token.scopes.includes(scope)) || faults.permissionLost)
    throw liErrors.denied(what);
  if (!target) return;
  if (await takeBurst('linkedin', target)) throw liErrors.throttled();
  if (await takeServerError('linkedin', target, faults.error5xxRate)) throw liErrors.server();
  if (faults.callBudget !== null && faults.callBudget !== undefined) {
    const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    if (
      (await countInWindow(`li-day:${target}:${faults.setAt?.getTime() ?? 0}`, dayStart, 86_400_000)) >
      faults.callBudget
    )
      throw liErrors.throttled();
  }
}
