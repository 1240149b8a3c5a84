import { type AdGlance, adGlances } from '../ads/ad-thumbnails.js';
import { campaignNames } from '../campaigns/campaign-labels.js';
import { getChannels } from '../channels/channel.service.js';
import { enterpriseLabels } from '../enterprises/enterprise-labels.js';
import type { PublishedPost } from '../scheduling/published-posts.js';
import type { ExposureGroup, ExposureTopPost } from './exposure.types.js';
import { engagementsOf, type RawFigures, rate, type Tally } from './exposure-figures.js';
import type { MetricValues } from './exposure-metrics.js';

const TOP_POSTS = 5;
const platformLabels: Record<string, string> = { facebook: 'Facebook', linkedin: 'LinkedIn' };
/** The territory line of posts featuring no enterprise. */
export const NO_TERRITORY = 'none';

/** Lines by views (most first), then label, for a stable order. */
function lines(map: Map<string, Tally>, labelOf: (key: string) => string): ExposureGroup[] {
  return [...map]
    .map(([key, tally]) => ({ key, label: labelOf(key), ...tally.totals() }))
    .sort((a, b) => b.views - a.views || a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
}

/** Folds enterprise tallies into territory tallies. */
function byTerritory(raw: RawFigures, territories: Map<string, string>) {
  const folded = new Map<string, Tally>();
  for (const [enterpriseId, tally] of raw.byTerritoryEnterprise) {
    const key = territories.get(enterpriseId) ?? NO_TERRITORY;
    const held = folded.get(key);
    if (held) held.merge(tally);
    else folded.set(key, tally);
  }
  return folded;
}

function topPost(
  post: PublishedPost,
  m: MetricValues | undefined,
  channelName: string,
  glance: AdGlance | undefined,
): ExposureTopPost {
  const views = m?.views ?? 0;
  const engagements = engagementsOf(m);
  const thumbnail = glance?.thumbnails[post.format] ?? Object.values(glance?.thumbnails ?? {})[0];
  return {
    publicationId: post.id,
    adId: post.adId,
    channelId: post.channelId,
    channelName,
    platform: post.platform,
    publishedAt: post.publishedAt.toISOString(),
    caption: glance?.caption[post.platform] ?? glance?.caption.default ?? '',
    ...(post.permalink ? { permalink: post.permalink } : {}),
    ...(thumbnail ? { thumbnailUrl: thumbnail } : {}),
    views,
    reach: m?.reach ?? 0,
    engagements,
    engagementRate: rate(engagements, views),
  };
}

/**
 * Names every line in one batch of queries by `_id` (campaigns, channels, enterprises' territories,
 * the top posts' ads), run side by side. A line whose record was deleted keeps its id as label; a
 * channel line is « Name (Platform) », as two channels may share a name.
 */
export async function labelFigures(raw: RawFigures, metrics: Map<string, MetricValues>) {
  const top = raw.ranked.slice(0, TOP_POSTS);
  const [campaigns, channels, enterprises, glances] = await Promise.all([
    campaignNames(raw.byCampaign.keys()),
    getChannels([...raw.byChannel.keys()]),
    enterpriseLabels(raw.byTerritoryEnterprise.keys()),
    adGlances(top.map((p) => p.adId)),
  ]);
  const territories = new Map([...enterprises].map(([id, e]) => [id, e.territory]));
  const channelName = (id: string) => channels.get(id)?.name ?? id;
  // Two channels may share a name (a page and a company page): the breakdown line names the platform.
  const channelLine = (id: string) => {
    const channel = channels.get(id);
    return channel ? `${channel.name} (${platformLabels[channel.platform] ?? channel.platform})` : id;
  };
  return {
    byCampaign: lines(raw.byCampaign, (id) => campaigns.get(id) ?? id),
    byChannel: lines(raw.byChannel, channelLine),
    byPlatform: lines(raw.byPlatform, (p) => platformLabels[p] ?? p),
    byTerritory: lines(byTerritory(raw, territories), (t) => (t === NO_TERRITORY ? '—' : t)),
    topPosts: top.map((p) => topPost(p, metrics.get(p.id), channelName(p.channelId), glances.get(p.adId))),
  };
}
