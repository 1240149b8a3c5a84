import { sharedCache } from '../../lib/cache.js';
import { NotFoundError } from '../../lib/errors.js';
import { type Ad, currentAd } from '../ads/ad.service.js';
import { approvalMissing } from '../ads/ad-approval.js';
import { currentCampaign } from '../campaigns/campaign.service.js';
import type { PublicChannel } from '../channels/channel.service.js';
import { type ChannelForPublishing, channelForPublishing } from '../channels/channel-calls.service.js';
import { readMedia } from '../media/media.service.js';
import type { PublicationDoc } from './publication.model.js';
import { captionFor, linkFor } from './schedule-checks.js';

/** What goes out for one publication: the ad's current content for the channel. */
export interface PublishContent {
  ad: Ad;
  channel: PublicChannel;
  /** Posts on the channel as read for this content (one read per turn). */
  publishImage: ChannelForPublishing['publishImage'];
  caption: string;
  link?: string;
  image: Buffer;
  mime: string;
  altText?: string;
}

/** Why a publication waits for approval, and what staff can do about it. */
export function approvalHeldReason(revision: number): string {
  return `The featured enterprise has not approved revision ${revision} of the ad one hour before its time: ask for approval on the ad's page; once approved, the publication resumes by itself (past its time, retry or reschedule it).`;
}

/** Why a publication cannot go out now, and what it becomes. */
export interface Blocked {
  status: 'cancelled' | 'held' | 'failed';
  reason: string;
}

async function orUndefined<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/**
 * Draws one format of an ad now and returns the stored files: the render use case, handed in
 * by the worker (a service does not call use cases).
 */
export type RenderFormat = (adId: string, format: string) => Promise<{ format: string; fileId: string }[]>;

// A stored file never changes (renders are stored once per content hash), so its bytes cache
// by id in the shared budget: every channel an ad goes to reads the same render, and GridFS
// reads are slow on FerretDB.
const renderFiles = sharedCache<{ image: Buffer; mime: string }>('render-files', (f) => f.image.length);
const readRender = (fileId: string) =>
  renderFiles.fetch(fileId, () => readMedia(fileId).then((m) => ({ image: m.buffer, mime: m.contentType })));

/** The stored render of the format if it is as recent as the ad's last edit, else a fresh one. */
async function currentImage(
  ad: Ad,
  format: string,
  render: RenderFormat,
): Promise<{ image: Buffer; mime: string }> {
  const stored = ad.renders.find((r) => r.format === format);
  const fresh = stored?.renderedAt && stored.renderedAt.getTime() >= new Date(ad.updatedAt).getTime();
  const fileId = fresh
    ? stored.fileId
    : (await render(ad.id, format)).find((r) => r.format === format)?.fileId;
  if (!fileId) throw new Error(`The template has no ${format} format to render.`);
  return readRender(String(fileId));
}

/**
 * Loads the content that is current now (the ad may have been edited since scheduling), or
 * says why it must not go out: the ad or channel is gone, the channel is disabled or needs
 * reconnecting, or the approval the ad requires is missing. Throws on infrastructure errors.
 */
export async function loadPublishContent(
  pub: PublicationDoc,
  render: RenderFormat,
): Promise<PublishContent | Blocked> {
  const ad = await currentAd(String(pub.adId));
  if (!ad || ad.status === 'archived')
    return { status: 'cancelled', reason: 'The ad was deleted or archived.' };
  const loaded = await orUndefined(channelForPublishing(String(pub.channelId)));
  if (!loaded) return { status: 'cancelled', reason: 'The channel was removed.' };
  const { channel, publishImage } = loaded;
  if (channel.status === 'disabled') return { status: 'held', reason: 'The channel is disabled.' };
  if (channel.status === 'needs_reconnection') {
    return {
      status: 'held',
      reason: `The channel needs reconnecting${channel.statusReason ? `: ${channel.statusReason}` : '.'}`,
    };
  }
  const campaign = await currentCampaign(ad.campaignId);
  if (approvalMissing(ad, campaign)) return { status: 'held', reason: approvalHeldReason(ad.revision) };
  if (!ad.templateId) return { status: 'failed', reason: 'The ad has no template, so no image to publish.' };
  const { image, mime } = await currentImage(ad, pub.format, render);
  const altText = ad.fields.headline?.trim();
  const link = linkFor(ad, campaign);
  return {
    ad,
    channel,
    publishImage,
    caption: captionFor(ad, channel.platform),
    ...(link ? { link } : {}),
    image,
    mime,
    ...(altText ? { altText } : {}),
  };
}
