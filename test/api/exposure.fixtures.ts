import { Types } from 'mongoose';
import { AdModel } from '../../server/modules/ads/ad.model.js';
import { PublicationModel } from '../../server/modules/scheduling/publication.model.js';
import { MetricSnapshotModel } from '../../server/modules/statistics/metric-snapshot.model.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import type { HttpClient } from '../setup/http.js';

/** Metrics as the stats collector keeps them on a publication and in each snapshot. */
export interface Counts {
  views: number;
  reach: number;
  clicks: number;
  reactions: number;
  comments: number;
  shares: number;
}

export const counts = (
  views: number,
  engagements: [number, number, number, number],
  reach = views,
): Counts => ({
  views,
  reach,
  clicks: engagements[0],
  reactions: engagements[1],
  comments: engagements[2],
  shares: engagements[3],
});

export interface ExposureWorld {
  a: string;
  b: string;
  /** An enterprise with no channel of its own and nothing ever published. */
  c: string;
  campaign: string;
  ads: { solo: string; duo: string; formula: string };
  facebook: string;
  linkedin: string;
}

/**
 * Enterprise A (Sherbrooke) and B (Memphrémagog) in one campaign, with three ads: A's own, one
 * featuring B then A (B leads), and one of A whose caption is a spreadsheet formula. Two hub
 * channels; publications are written by `publish`, as the publishing worker leaves them.
 */
export async function exposureWorld(admin: HttpClient): Promise<ExposureWorld> {
  const a = (await createEnterprise(admin, { name: 'Coop Alpha', territory: 'Sherbrooke' })).id;
  const b = (await createEnterprise(admin, { name: 'Coop Bêta', territory: 'Memphrémagog' })).id;
  const c = (await createEnterprise(admin, { name: 'Coop Gamma', territory: 'Coaticook' })).id;
  const campaign = (await createCampaign(admin, { name: 'Vitrine automne', enterpriseIds: [a, b, c] })).id;
  const solo = (await createAd(admin, campaign, [a], { caption: { default: 'Alpha seule' } })).id;
  const duo = (await createAd(admin, campaign, [b, a], { caption: { default: 'Bêta et Alpha' } })).id;
  const formula = (
    await createAd(admin, campaign, [a], { caption: { default: '=HYPERLINK("http://evil.example","x")' } })
  ).id;
  await AdModel.updateOne(
    { _id: solo },
    {
      $set: {
        renders: [
          {
            format: 'facebook',
            fileId: new Types.ObjectId(),
            hash: 'solo-facebook',
            width: 1200,
            height: 630,
            bytes: 10,
            contentType: 'image/jpeg',
            thumbnail: 'data:image/webp;base64,UklGRg==',
          },
        ],
      },
    },
  );
  const channel = async (platform: string, name: string) =>
    (await admin.post('/api/v1/channels/sandbox', { platform, name })).body.id as string;
  return {
    a,
    b,
    c,
    campaign,
    ads: { solo, duo, formula },
    facebook: await channel('facebook', 'Page Facebook du pôle'),
    linkedin: await channel('linkedin', 'Page LinkedIn du pôle'),
  };
}

export interface PostInput {
  ad: string;
  enterpriseIds: string[];
  campaign: string;
  channel: string;
  platform: 'facebook' | 'linkedin';
  publishedAt: string;
  metrics?: Counts;
  fetchedAt?: string;
}

/** A published publication (through the model, so its hooks run), with its latest metrics. */
export async function publish(p: PostInput): Promise<string> {
  const at = new Date(p.publishedAt);
  const doc = await PublicationModel.create({
    adId: p.ad,
    channelId: p.channel,
    campaignId: p.campaign,
    enterpriseIds: p.enterpriseIds,
    platform: p.platform,
    format: p.platform,
    scheduledAt: at,
    publishedAt: at,
    status: 'published',
    platformPostId: `post-${at.getTime()}-${Math.random()}`,
    permalink: `https://example.test/posts/${at.getTime()}`,
    ...(p.metrics ? { metrics: { ...p.metrics, fetchedAt: new Date(p.fetchedAt ?? p.publishedAt) } } : {}),
  });
  return String(doc._id);
}

/** A snapshot of a publication's metrics taken at `at`. */
export async function snapshot(publicationId: string, at: string, metrics: Counts, platform = 'facebook') {
  await MetricSnapshotModel.create({
    publicationId,
    at: new Date(at),
    metrics: { ...metrics, fetchedAt: new Date(at) },
    definitions: platform === 'facebook' ? 'facebook:2026-06-15' : 'linkedin:2023-01-01',
  });
}
