import { config } from '../../config/index.js';
import type { FieldProblem } from '../../lib/errors.js';
import type { Ad } from '../ads/ad.service.js';
import type { Campaign } from '../campaigns/campaign.service.js';
import { captionRules } from '../channels/adapters/caption-rules.js';
import type { PublicChannel } from '../channels/channel.service.js';
import { localDay } from './local-time.js';

type Platform = PublicChannel['platform'];

/**
 * Problems with a publication time: too soon or in the past, beyond SCHEDULE_MAX_DAYS, or
 * outside the campaign's period (hub-local days, inclusive) unless confirmed.
 */
export function timeProblems(
  at: Date,
  campaign: Campaign,
  confirmOutside: boolean | undefined,
  now = new Date(),
  allowSoon = false,
): FieldProblem[] {
  const cfg = config();
  const zone = cfg.HUB_TIMEZONE;
  if (at.getTime() < now.getTime()) return [{ field: 'at', message: 'is in the past' }];
  if (!allowSoon && at.getTime() < now.getTime() + cfg.SCHEDULE_MIN_LEAD_MS) {
    return [
      { field: 'at', message: `must be at least ${Math.ceil(cfg.SCHEDULE_MIN_LEAD_MS / 1000)} s from now` },
    ];
  }
  if (at.getTime() > now.getTime() + cfg.SCHEDULE_MAX_DAYS * 86_400_000) {
    return [{ field: 'at', message: `must be within ${cfg.SCHEDULE_MAX_DAYS} days from now` }];
  }
  const day = localDay(at, zone);
  const start = localDay(campaign.period.start, zone);
  const end = localDay(campaign.period.end, zone);
  if (!confirmOutside && (day < start || day > end)) {
    return [
      {
        field: 'at',
        message: `is outside the campaign's period (${start} to ${end}); send confirmOutsideCampaign: true to schedule it anyway`,
      },
    ];
  }
  return [];
}

/** The caption a platform gets: its own variant when the ad has one, else the default. */
export function captionFor(ad: Ad, platform: Platform): string {
  return ad.caption[platform] ?? ad.caption.default;
}

/** The ad's link with the campaign's UTM parameters (those already in the link are kept). */
export function linkFor(ad: Ad, campaign: Campaign): string | undefined {
  return utmLink(ad.link, campaign);
}

/** A link with the campaign's UTM parameters (those already in the link are kept). */
export function utmLink(link: string | null | undefined, campaign: Campaign): string | undefined {
  if (!link) return undefined;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  const utm: Record<string, string | undefined> = {
    utm_source: campaign.utm.source,
    utm_medium: campaign.utm.medium,
    utm_campaign: campaign.utm.campaign ?? campaign.slug,
    utm_content: campaign.utm.content,
  };
  for (const [name, value] of Object.entries(utm)) {
    if (value && !url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return url.toString();
}

/**
 * The post's text length as the platform counts it (its caption rule: the caption with the
 * UTM'd link the adapter appends) and the platform's limit, both in characters.
 */
export function captionCount(
  caption: string,
  link: string | undefined,
  platform: Platform,
): { length: number; max: number } {
  const rule = captionRules[platform];
  return { length: rule.count(caption, link), max: rule.maxChars };
}

/** The caption, counted as the platform counts it (caption + link), within its limit. */
export function captionProblem(ad: Ad, campaign: Campaign, channel: PublicChannel): FieldProblem | undefined {
  const { length, max } = captionCount(
    captionFor(ad, channel.platform),
    linkFor(ad, campaign),
    channel.platform,
  );
  if (length <= max) return undefined;
  const field =
    ad.caption[channel.platform] !== undefined ? `caption.${channel.platform}` : 'caption.default';
  return {
    field,
    message: `is ${length} characters with the link; ${channel.platform} accepts at most ${max} (remove ${length - max})`,
  };
}

/** Problems with posting this ad on this channel, named after `field` (channelIds.N). */
export function channelProblem(ad: Ad, channel: PublicChannel, field: string): FieldProblem | undefined {
  if (channel.status === 'disabled') return { field, message: `channel "${channel.name}" is disabled` };
  if (channel.owner.kind === 'enterprise' && !ad.enterpriseIds.includes(channel.owner.enterpriseId)) {
    return { field, message: `channel "${channel.name}" belongs to an enterprise this ad does not feature` };
  }
  return undefined;
}

/** The template format posted on a platform: the one named after it, else the first. */
export function formatFor(formats: string[], platform: Platform): string {
  return formats.includes(platform) ? platform : (formats[0] ?? platform);
}
