import { ConflictError } from '../lib/errors.js';
import { countAdsFeaturing } from '../modules/ads/ad.service.js';
import { removeEnterpriseFromCampaigns } from '../modules/campaigns/campaign.service.js';
import * as enterprises from '../modules/enterprises/enterprise.service.js';
import type { PublicUser } from '../modules/users/user.service.js';

/**
 * Deletes an enterprise (admin only) and takes it out of the campaigns that list it. One
 * featured in ads is kept (409): set it inactive instead.
 */
export async function deleteEnterprise(user: PublicUser, id: string): Promise<void> {
  await enterprises.deleteEnterprise(user, id, async (enterpriseId) => {
    const ads = await countAdsFeaturing(enterpriseId);
    if (ads > 0) {
      throw new ConflictError(
        `This enterprise is featured in ${ads} ad(s); deactivate it instead (active: false).`,
        [{ field: 'id', message: 'is featured in ads' }],
      );
    }
    await removeEnterpriseFromCampaigns(enterpriseId);
  });
}
