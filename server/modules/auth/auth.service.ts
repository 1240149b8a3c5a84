import type { Request } from 'express';
import { UnauthorizedError } from '../../lib/errors.js';
import { authenticate, type PublicUser } from '../users/user.service.js';
import { csrfToken } from './auth.middleware.js';
import type { LoginThrottle } from './login-throttle.js';

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/** Checks the credentials under throttling, then starts a fresh session (new id: no fixation). */
export async function signIn(
  req: Request,
  throttle: LoginThrottle,
  email: string,
  password: string,
): Promise<PublicUser> {
  const ip = req.ip ?? 'unknown';
  await throttle.check(email, ip);
  const user = await authenticate(email, password);
  if (!user) {
    await throttle.fail(email, ip);
    throw new UnauthorizedError('Wrong email or password.');
  }
  await throttle.succeed(email, ip);
  await regenerate(req);
  req.session.userId = user.id;
  csrfToken(req);
  return user;
}

export function signOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}
