import type { Ad } from './ad.service.js';

/**
 * True when the ad needs the featured enterprises' approval (its own flag, or its campaign's
 * "requires approval" setting) and its current revision does not have it.
 */
export function approvalMissing(ad: Ad, campaign: { requiresApproval: boolean } | undefined): boolean {
  const required = ad.approval.required || Boolean(campaign?.requiresApproval);
  return required && !(ad.approval.status === 'approved' && ad.approval.revision === ad.revision);
}
