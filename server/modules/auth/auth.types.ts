import type { PublicUser } from '../users/user.service.js';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    csrfToken?: string;
    /** The account's authVersion at sign-in: a password change or deactivation bumps it. */
    authVersion?: number;
    /** When the user signed in (ms since epoch), for the absolute lifetime. */
    signedInAt?: number;
  }
}

declare global {
  namespace Express {
    interface Request {
      /** The signed-in user, set by loadUser from the session or a Bearer API token. */
      user?: PublicUser;
      /** How the user was authenticated: session cookies need CSRF tokens, Bearer tokens do not. */
      authVia?: 'session' | 'token';
    }
  }
}
