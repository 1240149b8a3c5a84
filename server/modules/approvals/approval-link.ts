import { randomBytes } from 'node:crypto';
import { config } from '../../config/index.js';
import { derivedKey, signPayload, verifyPayload } from '../../lib/signing.js';

/** What a link grants: deciding on one revision of one ad for one enterprise, once, until `expiresAt`. */
export interface LinkClaims {
  adId: string;
  enterpriseId: string;
  revision: number;
  expiresAt: Date;
  /** Random id of this link: claimed once, by inserting it as an _id. */
  nonce: string;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'altered' | 'expired' };

const secret = (): string => config().APPROVAL_LINK_SECRET ?? derivedKey('approval-links');
const mac = (payload: string) => signPayload(secret(), payload);

/** `<adId>.<enterpriseId>.<revision>.<expiry s, base 36>.<nonce>.<HMAC-SHA256>`, URL-safe. */
export function signLink(claims: Omit<LinkClaims, 'nonce' | 'expiresAt'>, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + config().APPROVAL_LINK_DAYS * 86_400;
  const nonce = randomBytes(16).toString('base64url');
  const payload = [claims.adId, claims.enterpriseId, claims.revision, expires.toString(36), nonce].join('.');
  return `${payload}.${mac(payload)}`;
}

/** Checks the signature first (anything edited is `altered`), then the expiry. */
export function checkLink(token: unknown, now = Date.now()): LinkCheck {
  if (typeof token !== 'string' || token.length > 300) return { ok: false, reason: 'altered' };
  const parts = token.split('.');
  if (parts.length !== 6) return { ok: false, reason: 'altered' };
  const [adId, enterpriseId, revision, expires, nonce, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!verifyPayload(secret(), parts.slice(0, 5).join('.'), signature))
    return { ok: false, reason: 'altered' };
  const expiresAt = new Date(Number.parseInt(expires, 36) * 1000);
  if (!(expiresAt.getTime() > now)) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { adId, enterpriseId, revision: Number(revision), expiresAt, nonce } };
}
