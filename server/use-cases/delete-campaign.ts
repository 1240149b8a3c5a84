import { ConflictError } from '../lib/errors.js';
import { countAdsOfCampaign, deleteAdsOfCampaign } from '../modules/ads/ad.service.js';
import * as campaigns from '../modules/campaigns/campaign.service.js';
import type { PublicUser } from '../modules/users/user.service.js';

/**
 * Deletes a campaign (staff only) and its unscheduled ads. One with scheduled or published
 * ads is kept (409): archive it instead.
 */
export async function deleteCampaign(user: PublicUser, id: string): Promise<void> {
  await campaigns.deleteCampaign(user, id, async (campaignId) => {
    const live = await countAdsOfCampaign(campaignId, ['scheduled', 'published']);
    if (live > 0) {
      throw new ConflictError(`This campaign has ${live} scheduled or published ad(s); archive it instead.`, [
        { field: 'id', message: 'has scheduled or published ads' },
      ]);
    }
    await deleteAdsOfCampaign(campaignId);
  });
}
