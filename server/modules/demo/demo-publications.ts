import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { slugify } from '../../lib/slug.js';
import { listAds } from '../ads/ad.service.js';
import { findCampaignBySlug } from '../campaigns/campaign.service.js';
import { listChannels } from '../channels/channel.service.js';
import { listPublications } from '../scheduling/publication.service.js';
import { schedulePublications } from '../scheduling/scheduling.service.js';
import { systemUser } from '../users/user.service.js';
import { demoCampaigns } from './demo.data.js';

/** Days from today (hub time, at 10:00) of the demo's upcoming publications: the next two weeks. */
const upcomingDays = [1, 3, 6, 9, 13];

/**
 * Shows the engine at work on a fresh install: the active demo campaign's first two ads go out
 * on the hub's sandbox pages seconds after start (their posts then appear in the sandbox feeds),
 * the others are scheduled over the next two weeks. Runs once, when there is no publication.
 */
export async function seedDemoPublicationsIfNone(): Promise<number> {
  if (!config().DEMO_DATA || (await listPublications(systemUser, { limit: 1 })).total > 0) return 0;
  const active = demoCampaigns.find((c) => c.status === 'active');
  const campaign = active && (await findCampaignBySlug(systemUser, slugify(active.name)));
  if (!campaign) return 0;
  const hubChannels = (await listChannels()).filter(
    (c) => c.owner.kind === 'hub' && c.status === 'connected',
  );
  if (hubChannels.length === 0) return 0;
  const ads = (await listAds(systemUser, { campaignId: campaign.id, limit: 100, sort: 'createdAt' })).data;
  const zone = config().HUB_TIMEZONE;
  let count = 0;
  for (const [i, ad] of ads.entries()) {
    const soon = i < 2;
    const at = soon
      ? new Date(Date.now() + 5_000 + i * 5_000).toISOString()
      : `${DateTime.now()
          .setZone(zone)
          .plus({ days: upcomingDays[(i - 2) % upcomingDays.length]! })
          .toISODate()}T10:00`;
    const result = await schedulePublications(
      systemUser,
      { adId: ad.id, channelIds: hubChannels.map((c) => c.id), at, confirmOutsideCampaign: true },
      { allowSoon: soon },
    );
    count += result.data.length;
  }
  return count;
}
