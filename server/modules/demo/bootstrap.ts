import { config } from '../../config/index.js';
import { ConflictError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { createUser } from '../users/user.service.js';

/**
 * Creates the first administrator from ADMIN_EMAIL and ADMIN_PASSWORD when no user has that email.
 * Never changes an existing account (so a stale ADMIN_PASSWORD cannot reset a password).
 * Returns the email when an account was created.
 */
export async function ensureAdminFromEnv(): Promise<string | undefined> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = config();
  if (!ADMIN_EMAIL && !ADMIN_PASSWORD) return undefined;
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) {
    logger.warn(
      'Set both ADMIN_EMAIL and ADMIN_PASSWORD to create the first administrator; nothing was created.',
    );
    return undefined;
  }
  try {
    await createUser({ email: ADMIN_EMAIL, name: 'Administrateur', password: ADMIN_PASSWORD, role: 'admin' });
    logger.info({ email: ADMIN_EMAIL }, 'administrator created from ADMIN_EMAIL');
    return ADMIN_EMAIL;
  } catch (err) {
    if (err instanceof ConflictError) return undefined;
    throw err;
  }
}
