import { memo } from './memo.js';
import { type Platform, SimToken, type SimTokenDoc } from './sim.models.js';
import { opaque } from './sim.store.js';

/** Tokens never change once issued (revocation and expiry are faults and dates, read at use). */
const tokens = memo<SimTokenDoc>({ max: 10_000, ttlMs: 60_000 });

export interface IssueToken {
  platform: Platform;
  kind: SimTokenDoc['kind'];
  userId: string;
  accountId?: string | null;
  scopes: string[];
  longLived?: boolean;
  issuedAt: Date;
  expiresAt: Date | null;
}

const prefixes: Record<SimTokenDoc['kind'], string> = {
  user: 'EAAU',
  page: 'EAAP',
  member: 'AQV',
  refresh: 'AQX',
};

export async function issueToken(input: IssueToken): Promise<SimTokenDoc> {
  const doc = {
    accountId: null,
    longLived: false,
    revoked: false,
    ...input,
    token: `${prefixes[input.kind]}${opaque(36)}`,
  };
  await SimToken.create(doc);
  return doc;
}

export function findToken(platform: Platform, token: string): Promise<SimTokenDoc | null> {
  return tokens.get(`${platform}:${token}`, () => SimToken.findOne({ platform, token }).lean());
}

/** Seconds left before `expiresAt`, never negative. */
export function secondsLeft(expiresAt: Date | null | undefined, now: Date): number {
  return expiresAt ? Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 1000)) : 0;
}
