import type { PublicUser } from '../users/user.service.js';

/**
 * Who may see what, for services: no Express here. The auth middleware only reads the
 * session or token into a PublicUser; services pass that user to these functions.
 */

/** Admins and strategists: they plan and act for every member. */
export function isStaff(user: PublicUser): boolean {
  return user.role === 'admin' || user.role === 'strategist';
}

/**
 * The enterprises a user may see: undefined for staff (all), the member's own otherwise.
 * Services filter every query with it so that another member's data answers 404.
 */
export function enterpriseScope(user: PublicUser): string[] | undefined {
  return isStaff(user) ? undefined : [user.enterpriseId ?? '000000000000000000000000'];
}

/**
 * Narrows a query to what the user may see: unchanged for staff; for a member, only
 * documents whose `field` holds its enterprise (so anything else answers 404).
 */
export function scopedFilter(
  user: PublicUser,
  filter: Record<string, unknown>,
  field: '_id' | 'enterpriseIds',
): Record<string, unknown> {
  const scope = enterpriseScope(user);
  return scope ? { $and: [filter, { [field]: { $in: scope } }] } : filter;
}
