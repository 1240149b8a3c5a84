import type { Request } from 'express';
import type { SessionData } from 'express-session';
import { type PublicUser, sessionUser } from '../users/user.service.js';
import './auth.types.js';

/** How long a session lives: idle expiry (renewed by each request) and absolute lifetime, in seconds. */
export interface SessionLifetime {
  idleSeconds: number;
  maxAgeSeconds: number;
}

/** A fresh, anonymous session under a new id; the old one is deleted from the store. */
export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/** Seconds the session may still live in the store: the idle expiry, never past its absolute end. */
export function remainingSeconds(data: Partial<SessionData>, lifetime: SessionLifetime, now: number): number {
  if (data.signedInAt === undefined) return lifetime.idleSeconds;
  const left = Math.floor((data.signedInAt + lifetime.maxAgeSeconds * 1000 - now) / 1000);
  return Math.max(1, Math.min(lifetime.idleSeconds, left));
}

/**
 * The user the session belongs to, or undefined when the session no longer counts: signed in
 * longer ago than the absolute lifetime (or before sign-in times were recorded), the account
 * gone or inactive, or its password changed since.
 */
export async function userOfSession(
  data: Partial<SessionData>,
  lifetime: SessionLifetime,
  now = Date.now(),
): Promise<PublicUser | undefined> {
  if (!data.userId) return undefined;
  if (data.signedInAt === undefined || now - data.signedInAt > lifetime.maxAgeSeconds * 1000)
    return undefined;
  return sessionUser(data.userId, data.authVersion ?? 0);
}
