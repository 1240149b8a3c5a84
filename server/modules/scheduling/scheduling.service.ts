import { Types } from 'mongoose';
import { config } from '../../config/index.js';
import {
  ConflictError,
  type FieldProblem,
  isDuplicateKeyError,
  NotFoundError,
  ValidationError,
} from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { parseInput } from '../../lib/validate.js';
import { isStaff } from '../access/access.policy.js';
import { type Ad, currentAd, getAd, setAdStatus } from '../ads/ad.service.js';
import { approvalMissing } from '../ads/ad-approval.js';
import { type Campaign, getCampaign } from '../campaigns/campaign.service.js';
import { getChannels, type PublicChannel } from '../channels/channel.service.js';
import { loadTemplate } from '../rendering/template.loader.js';
import { type PublicUser, systemUser } from '../users/user.service.js';
import { resolveHubTime } from './local-time.js';
import { type PublicationDoc, PublicationModel, type PublicationStatus } from './publication.model.js';
import { type ScheduleInput, scheduleSchema } from './publication.schemas.js';
import { type Publication, toPublication } from './publication.service.js';
import { armPublishMany } from './publish-jobs.js';
import { captionProblem, channelProblem, formatFor, timeProblems } from './schedule-checks.js';

const invalid = (problems: FieldProblem[]) =>
  new ValidationError(
    `Cannot schedule: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
    problems,
  );

/** The ad, or a 400 naming adId. */
async function adToSchedule(adId: string): Promise<Ad> {
  try {
    return await getAd(systemUser, adId);
  } catch (err) {
    if (err instanceof NotFoundError) throw invalid([{ field: 'adId', message: 'is not an existing ad' }]);
    throw err;
  }
}

async function channelsToUse(
  ids: string[],
): Promise<{ channels: PublicChannel[]; problems: FieldProblem[] }> {
  const unique = [...new Set(ids)];
  const byId = await getChannels(unique);
  const found = unique.map((id) => byId.get(id.toLowerCase()));
  const problems: FieldProblem[] = [];
  const channels: PublicChannel[] = [];
  for (const [i, channel] of found.entries()) {
    if (channel) channels.push(channel);
    else problems.push({ field: `channelIds.${i}`, message: 'is not an existing channel' });
  }
  return { channels, problems };
}

/** Everything that would make this schedule wrong, checked before anything is written. */
export async function scheduleProblems(
  ad: Ad,
  campaign: Campaign,
  channels: PublicChannel[],
  at: Date,
  confirm?: boolean,
  allowSoon?: boolean,
) {
  const problems: FieldProblem[] = [];
  if (ad.status === 'archived') problems.push({ field: 'adId', message: 'is archived' });
  if (!ad.templateId) problems.push({ field: 'adId', message: 'has no template, so no image to publish' });
  if (approvalMissing(ad, campaign))
    problems.push({
      field: 'adId',
      message: `is not approved by every featured enterprise (revision ${ad.revision}): ask for approval on the ad's page`,
    });
  problems.push(...timeProblems(at, campaign, confirm, new Date(), allowSoon));
  for (const [i, channel] of channels.entries()) {
    const problem = channelProblem(ad, channel, `channelIds.${i}`) ?? captionProblem(ad, campaign, channel);
    if (problem && !problems.some((p) => p.field === problem.field)) problems.push(problem);
  }
  return problems;
}

/**
 * Schedules an ad on channels at one time: one publication per channel and one delayed
 * publish job each. `at` is a hub-local wall time (DST-checked) or an exact instant.
 * Returns the publications and notes (the instant taken for an ambiguous time, channels
 * that will be held until reconnected).
 * @throws ValidationError naming adId, channelIds.N, at, offset or caption.*; ConflictError when
 *   the ad is already scheduled on a channel at that instant; NotFoundError for members.
 */
export async function schedulePublications(
  user: PublicUser,
  input: ScheduleInput,
  options: { allowSoon?: boolean } = {},
): Promise<{ data: Publication[]; notes: string[] }> {
  if (!isStaff(user)) throw new NotFoundError();
  const data = parseInput(scheduleSchema, input, 'Schedule');
  const time = resolveHubTime({ at: data.at, offset: data.offset }, config().HUB_TIMEZONE);
  const ad = await adToSchedule(data.adId);
  const campaign = await getCampaign(systemUser, ad.campaignId);
  const { channels, problems } = await channelsToUse(data.channelIds);
  problems.push(
    ...(await scheduleProblems(
      ad,
      campaign,
      channels,
      time.instant,
      data.confirmOutsideCampaign,
      options.allowSoon,
    )),
  );
  if (problems.length > 0) throw invalid(problems);
  const formats = (await loadTemplate(ad.templateId!)).manifest.formats.map((f) => f.id);
  const docs = await writeOrRevive(user, ad, channels, formats, time.instant);
  await armOrWarn(docs);
  // It now has scheduled publications: what refreshAdStatus would find, without reading them all.
  if (ad.status !== 'scheduled') await setAdStatus(ad.id, 'scheduled');
  const notes = [
    ...(time.note ? [time.note] : []),
    ...channels
      .filter((c) => c.status === 'needs_reconnection')
      .map((c) => `Channel "${c.name}" needs reconnecting: its publication will be held until it is.`),
  ];
  return { data: docs.map(toPublication), notes };
}

/** The fields of a new publication of `ad` on `channel` at `at` (UTC). */
export const publicationFields = (
  user: PublicUser,
  ad: Ad,
  channel: PublicChannel,
  formats: string[],
  at: Date,
) => ({
  adId: ad.id,
  channelId: channel.id,
  campaignId: ad.campaignId,
  enterpriseIds: ad.enterpriseIds,
  platform: channel.platform,
  format: formatFor(formats, channel.platform),
  scheduledAt: at,
  status: 'scheduled' as const,
  attempts: 0,
  createdBy: Types.ObjectId.isValid(user.id) ? user.id : undefined,
});

/**
 * Inserts the publications in one round trip. Only when the unique index says an (ad,
 * channel, instant) row exists are the existing rows read: a live one is a conflict, a
 * cancelled one is revived. The common case reads nothing, which matters on FerretDB, where
 * every query other than by _id scans the whole collection.
 */
async function writeOrRevive(
  user: PublicUser,
  ad: Ad,
  channels: PublicChannel[],
  formats: string[],
  at: Date,
): Promise<PublicationDoc[]> {
  const ids = channels.map(() => new Types.ObjectId());
  try {
    const docs = await PublicationModel.insertMany(
      channels.map((c, i) => ({ _id: ids[i], ...publicationFields(user, ad, c, formats, at) })),
      { ordered: true },
    );
    return docs.map((d) => d.toObject<PublicationDoc>());
  } catch (err) {
    // Nothing half-written: the rows inserted before the duplicate go.
    await PublicationModel.deleteMany({ _id: { $in: ids } });
    if (!isDuplicateKeyError(err)) throw err;
  }
  const existing = await PublicationModel.find({
    adId: ad.id,
    channelId: { $in: channels.map((c) => c.id) },
    scheduledAt: at,
  }).lean<PublicationDoc[]>();
  const taken = existing.filter((p) => p.status !== 'cancelled');
  if (taken.length > 0) {
    throw new ConflictError(
      'This ad is already scheduled on that channel at that time.',
      taken.map((p) => ({
        field: `channelIds.${channels.findIndex((c) => c.id === String(p.channelId))}`,
        message: 'already scheduled at that time',
      })),
    );
  }
  return writePublications(user, ad, channels, formats, at, existing);
}

/** New publications, reviving cancelled ones of the same (ad, channel, instant) with a new fence. */
async function writePublications(
  user: PublicUser,
  ad: Ad,
  channels: PublicChannel[],
  formats: string[],
  at: Date,
  cancelled: PublicationDoc[],
): Promise<PublicationDoc[]> {
  const docs: PublicationDoc[] = [];
  try {
    for (const channel of channels) {
      const old = cancelled.find((p) => String(p.channelId) === channel.id);
      const fields = publicationFields(user, ad, channel, formats, at);
      const doc = old
        ? await PublicationModel.findByIdAndUpdate(
            old._id,
            { $set: { ...fields, fence: old.fence + 1 }, $unset: { statusReason: 1, lastError: 1 } },
            { returnDocument: 'after', runValidators: true },
          ).lean<PublicationDoc>()
        : (await PublicationModel.create(fields)).toObject<PublicationDoc>();
      if (doc) docs.push(doc);
    }
  } catch (err) {
    // Nothing half-written: a racing schedule of the same slot undoes this one's new rows.
    await PublicationModel.deleteMany({ _id: { $in: docs.filter((d) => d.fence === 0).map((d) => d._id) } });
    if (isDuplicateKeyError(err))
      throw new ConflictError('This ad was just scheduled on that channel at that time.');
    throw err;
  }
  return docs;
}

/** MongoDB is the source of truth: when Redis refuses the job, the reconciler queues it later. */
export async function armOrWarn(docs: PublicationDoc[]): Promise<void> {
  try {
    await armPublishMany(
      docs.map((d) => ({ publicationId: String(d._id), fence: d.fence, at: d.scheduledAt })),
    );
  } catch (err) {
    logger.error(
      { err, publications: docs.length },
      'publish jobs not queued: the reconciler will queue them',
    );
  }
}

const pendingStatuses: PublicationStatus[] = [
  'scheduled',
  'publishing',
  'held',
  'unconfirmed',
  'missed',
  'failed',
];

/**
 * The ad's status follows its publications: scheduled while any is pending, then published.
 * Asks whether one exists rather than listing them: the first match ends the query, where a
 * list reads every publication of the collection on FerretDB (seconds per post at 2,000).
 * Called after a publication's own transition is written: the status is derived (the next
 * transition of any of the ad's publications computes it again), so a failure is logged,
 * never thrown into an outcome already recorded (a published post reported unconfirmed, an
 * action answered 500 after it was done).
 */
export function refreshAdStatus(adId: string): Promise<void> {
  const running = refreshing.get(adId);
  if (running) {
    running.again = true;
    return running.done;
  }
  const entry = { again: false, done: Promise.resolve() };
  entry.done = (async () => {
    try {
      do {
        entry.again = false;
        await computeAdStatus(adId);
      } while (entry.again);
    } catch (err) {
      logger.warn({ err, adId }, 'ad status not refreshed after a publication changed');
    } finally {
      refreshing.delete(adId);
    }
  })();
  refreshing.set(adId, entry);
  return entry.done;
}

/**
 * Refreshes in flight in this process, by ad. A post published on 100 channels at once asks
 * 100 times; the asks that arrive while one runs share a single further pass, which starts
 * after the last of them, so the status written is never older than any caller's change.
 */
const refreshing = new Map<string, { again: boolean; done: Promise<void> }>();

async function computeAdStatus(adId: string): Promise<void> {
  const ad = await currentAd(adId);
  if (!ad || ad.status === 'archived') return;
  // Equality on both fields first: FerretDB hands it to the database whole (index, first row);
  // `$in` it filters itself, over every publication of the ad.
  const pending =
    (await PublicationModel.exists({ adId, status: 'scheduled' })) ??
    (await PublicationModel.exists({
      adId,
      status: { $in: pendingStatuses.filter((s) => s !== 'scheduled') },
    }));
  const next = pending
    ? 'scheduled'
    : (await PublicationModel.exists({ adId, status: 'published' }))
      ? 'published'
      : ad.status === 'draft'
        ? 'draft'
        : 'ready';
  if (next !== ad.status) await setAdStatus(adId, next);
}
