import { type Ad, listAds } from '../modules/ads/ad.service.js';
import { queueRenderBatch } from '../modules/rendering/render-batches.js';
import type { PublicUser } from '../modules/users/user.service.js';

async function campaignAds(user: PublicUser, campaignId: string): Promise<Ad[]> {
  const ads: Ad[] = [];
  for (let page = 1; ; page += 1) {
    const result = await listAds(user, { campaignId, page, limit: 100 });
    ads.push(...result.data);
    if (ads.length >= result.total || result.data.length === 0) return ads;
  }
}

/** Queues every ad of a campaign that has a template; progress is read back by batch id. */
export async function queueCampaignRender(
  user: PublicUser,
  campaignId: string,
): Promise<{ batchId: string; total: number }> {
  const ads = (await campaignAds(user, campaignId)).filter((ad) => ad.templateId);
  return queueRenderBatch(
    campaignId,
    ads.map((a) => a.id),
  );
}
