import type { AdUpdateInput } from '../modules/ads/ad.schemas.js';
import { type Ad, getAd, updateAd } from '../modules/ads/ad.service.js';
import { requestApproval } from '../modules/approvals/approval.service.js';
import { cancelOnRemoval } from '../modules/scheduling/publication-actions.service.js';
import type { PublicUser } from '../modules/users/user.service.js';

/**
 * Edits an ad; when approval had been asked for an earlier revision, the edit asks again,
 * so the featured enterprises decide on what will actually be published. Archiving it
 * cancels at once its publications still to go out.
 */
export async function editAd(user: PublicUser, id: string, input: AdUpdateInput): Promise<Ad> {
  const before = await getAd(user, id);
  const after = await updateAd(user, id, input);
  if (after.status === 'archived' && before.status !== 'archived') {
    await cancelOnRemoval({ adId: id }, 'The ad was archived.');
  }
  if (after.revision !== before.revision && before.approval.status !== null) {
    await requestApproval(user, id);
    return getAd(user, id);
  }
  return after;
}
