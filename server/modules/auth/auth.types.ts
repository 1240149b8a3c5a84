import type { PublicUser } from '../users/user.service.js';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    csrfToken?: string;
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
