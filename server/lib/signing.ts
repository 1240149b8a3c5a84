import { createHmac, timingSafeEqual } from 'node:crypto';
import { config } from '../config/index.js';

/**
 * A key for one purpose ("approval-links", "report-share"), derived from SESSION_SECRET, so
 * that a signature made for one kind of link never verifies as another.
 */
export function derivedKey(purpose: string): string {
  return createHmac('sha256', config().SESSION_SECRET).update(purpose).digest('hex');
}

/** HMAC-SHA256 of a payload, base64url (43 characters). */
export function signPayload(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** True when `signature` is the payload's signature under `key`; compared in constant time. */
export function verifyPayload(key: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(signPayload(key, payload));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
