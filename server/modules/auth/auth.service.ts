import type { Request } from 'express';
import { UnauthorizedError } from '../../lib/errors.js';
import { authenticate, type PublicUser } from '../users/user.service.js';
import { csrfToken } from './auth.middleware.js';
import type { LoginThrottle } from './login-throttle.js';
import { regenerate } from './session.js';

/** Checks the credentials under throttling, then starts a fresh session (new id: no fixation). */
export async function signIn(
  req: Request,
  throttle: LoginThrottle,
  email: string,
  password: string,
): Promise<PublicUser> {
  const ip = req.ip ?? 'unknown';
  await throttle.check(email, ip);
  const signedIn = await authenticate(email, password);
  if (!signedIn) {
    await throttle.fail(email, ip);
    throw new UnauthorizedError('Wrong email or password.');
  }
  await throttle.succeed(email, ip);
  await regenerate(req);
  req.session.userId = signedIn.user.id;
  req.session.authVersion = signedIn.authVersion;
  req.session.signedInAt = Date.now();
  csrfToken(req);
  return signedIn.user;
}

export function signOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}
