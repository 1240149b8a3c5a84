import type { AdUpdateInput } from '../modules/ads/ad.schemas.js';
import { type Ad, getAd, updateAd } from '../modules/ads/ad.service.js';
import { requestApproval } from '../modules/approvals/approval.service.js';
import type { PublicUser } from '../modules/users/user.service.js';

/**
 * Edits an ad; when approval had been asked for an earlier revision, the edit asks again,
 * so the featured enterprises decide on what will actually be published.
 */
export async function editAd(user: PublicUser, id: string, input: AdUpdateInput): Promise<Ad> {
  const before = await getAd(user, id);
  const after = await updateAd(user, id, input);
  if (after.revision !== before.revision && before.approval.status !== null) {
    await requestApproval(user, id);
    return getAd(user, id);
  }
  return after;
}
