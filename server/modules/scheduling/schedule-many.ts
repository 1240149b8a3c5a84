import { Types } from 'mongoose';
import {
  ConflictError,
  type FieldProblem,
  isDuplicateKeyError,
  NotFoundError,
  ValidationError,
} from '../../lib/errors.js';
import { isStaff } from '../access/access.policy.js';
import { type Ad, getAd, setAdStatus } from '../ads/ad.service.js';
import { type Campaign, getCampaign } from '../campaigns/campaign.service.js';
import { getChannel, type PublicChannel } from '../channels/channel.service.js';
import { loadTemplate } from '../rendering/template.loader.js';
import { type PublicUser, systemUser } from '../users/user.service.js';
import { type PublicationDoc, PublicationModel } from './publication.model.js';
import { type Publication, toPublication } from './publication.service.js';
import { armOrWarn, publicationFields, scheduleProblems } from './scheduling.service.js';

/** One ad on some channels at one instant (UTC), as a plan lists it. */
export interface ScheduleItem {
  adId: string;
  channelIds: string[];
  at: Date;
}

const orNothing = <T>(promise: Promise<T>) =>
  promise.catch((err) => {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  });

/** Loads each distinct ad, campaign and channel once, by _id. */
async function loadAll(items: ScheduleItem[]) {
  const adIds = [...new Set(items.map((i) => i.adId))];
  const channelIds = [...new Set(items.flatMap((i) => i.channelIds))];
  const ads = new Map<string, Ad | undefined>(
    await Promise.all(adIds.map(async (id) => [id, await orNothing(getAd(systemUser, id))] as const)),
  );
  const campaignIds = [...new Set([...ads.values()].flatMap((a) => (a ? [a.campaignId] : [])))];
  const campaigns = new Map<string, Campaign | undefined>(
    await Promise.all(
      campaignIds.map(async (id) => [id, await orNothing(getCampaign(systemUser, id))] as const),
    ),
  );
  const channels = new Map<string, PublicChannel | undefined>(
    await Promise.all(channelIds.map(async (id) => [id, await orNothing(getChannel(id))] as const)),
  );
  return { ads, campaigns, channels };
}

/** Every problem of every item, each field prefixed with `items.N.`. */
async function problemsOf(items: ScheduleItem[], loaded: Awaited<ReturnType<typeof loadAll>>) {
  const problems: FieldProblem[] = [];
  for (const [i, item] of items.entries()) {
    const prefix = `items.${i}.`;
    const ad = loaded.ads.get(item.adId);
    const campaign = ad && loaded.campaigns.get(ad.campaignId);
    if (!ad || !campaign) {
      problems.push({ field: `${prefix}adId`, message: 'is not an existing ad' });
      continue;
    }
    const channels = item.channelIds.map((id) => loaded.channels.get(id));
    channels.forEach((c, n) => {
      if (!c) problems.push({ field: `${prefix}channelIds.${n}`, message: 'is not an existing channel' });
    });
    const found = channels.filter((c): c is PublicChannel => Boolean(c));
    for (const p of await scheduleProblems(ad, campaign, found, item.at)) {
      problems.push({ ...p, field: `${prefix}${p.field}` });
    }
  }
  return problems;
}

/**
 * Schedules many (ad, channels, instant) items all or nothing: every item is checked as
 * schedulePublications checks one (campaign period, channel state, caption limits, lead
 * time) before anything is written; then every publication is inserted in one ordered
 * round trip, and if any insert fails the ones already written are deleted. Jobs are
 * queued last. Cancelled rows of the same (ad, channel, instant) are not revived: such an
 * item is refused as a conflict, the plan must pick another time.
 * @throws ValidationError naming items.N.<field>; ConflictError when a slot is already taken.
 */
export async function scheduleMany(user: PublicUser, items: ScheduleItem[]): Promise<Publication[]> {
  if (!isStaff(user)) throw new NotFoundError();
  if (items.length === 0) return [];
  const loaded = await loadAll(items);
  const problems = await problemsOf(items, loaded);
  if (problems.length > 0) {
    throw new ValidationError(
      `Cannot schedule: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
      problems,
    );
  }
  const formats = new Map<string, string[]>();
  for (const ad of loaded.ads.values()) {
    const id = ad!.templateId!;
    if (!formats.has(id))
      formats.set(
        id,
        (await loadTemplate(id)).manifest.formats.map((f) => f.id),
      );
  }
  const rows = items.flatMap((item) => {
    const ad = loaded.ads.get(item.adId)!;
    return item.channelIds.map((id) => ({
      _id: new Types.ObjectId(),
      ...publicationFields(user, ad, loaded.channels.get(id)!, formats.get(ad.templateId!)!, item.at),
    }));
  });
  const docs = await insertAllOrNone(rows);
  await armOrWarn(docs);
  await Promise.all(
    [...loaded.ads.values()]
      .filter((ad) => ad!.status !== 'scheduled')
      .map((ad) => setAdStatus(ad!.id, 'scheduled')),
  );
  return docs.map(toPublication);
}

async function insertAllOrNone(rows: { _id: Types.ObjectId }[]): Promise<PublicationDoc[]> {
  try {
    const docs = await PublicationModel.insertMany(rows, { ordered: true });
    return docs.map((d) => d.toObject<PublicationDoc>());
  } catch (err) {
    // Nothing half-written: FerretDB has no transactions, so the rows already in go.
    await PublicationModel.deleteMany({ _id: { $in: rows.map((r) => r._id) } });
    if (isDuplicateKeyError(err)) {
      throw new ConflictError('One of these ads is already scheduled on that channel at that time.');
    }
    throw err;
  }
}
