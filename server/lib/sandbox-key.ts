import { createHmac, timingSafeEqual } from 'node:crypto';
import { config } from '../config/index.js';

export const sandboxKeyHeader = 'x-vitrine-sandbox-key';

/**
 * The key Vitrine's own processes send to the simulator's admin endpoints. It derives
 * from SESSION_SECRET, so every web and worker process of one install shares it.
 */
export function sandboxAdminKey(): string {
  return createHmac('sha256', config().SESSION_SECRET).update('sandbox-admin').digest('base64url');
}

export function isSandboxAdminKey(given: string | undefined): boolean {
  const expected = Buffer.from(sandboxAdminKey());
  return (
    typeof given === 'string' &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), expected)
  );
}
