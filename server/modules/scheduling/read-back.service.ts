import { config } from '../../config/index.js';
import { logger } from '../../lib/logger.js';
import { isAdapterError } from '../channels/adapters/adapter-errors.js';
import type { ReadBackResult } from '../channels/adapters/platform.types.js';
import { findPublishedOnChannel } from '../channels/channel-calls.service.js';
import { claimTurn } from './claims.js';
import { type PublicationDoc, PublicationModel } from './publication.model.js';
import { findPublicationDoc } from './publication.service.js';
import { armPublish, armVerify } from './publish-jobs.js';
import { recordPublished } from './publishing.service.js';
import { rearm, writeTransition } from './transitions.js';

/** Posts older than the attempt by this much are not considered (clock skew between us and the platform). */
const SKEW_MS = 2 * 60_000;

/** Post ids already recorded on this channel around the attempt: the post we look for is none of them. */
async function knownPostIds(pub: PublicationDoc, since: Date): Promise<string[]> {
  const docs = await PublicationModel.find(
    {
      channelId: pub.channelId,
      _id: { $ne: pub._id },
      publishedAt: { $gte: new Date(since.getTime() - 86_400_000) },
    },
    { platformPostId: 1 },
  ).lean<{ platformPostId?: string }[]>();
  return docs.flatMap((d) => (d.platformPostId ? [d.platformPostId] : []));
}

async function readBack(pub: PublicationDoc): Promise<ReadBackResult | 'inconclusive'> {
  const startedAt = pub.attempt?.startedAt;
  if (!startedAt || pub.attempt?.caption === undefined) return 'inconclusive';
  const since = new Date(startedAt.getTime() - SKEW_MS);
  try {
    return await findPublishedOnChannel(String(pub.channelId), {
      caption: pub.attempt.caption ?? '',
      ...(pub.attempt.link ? { link: pub.attempt.link } : {}),
      since,
      excludePostIds: await knownPostIds(pub, since),
    });
  } catch (err) {
    if (!isAdapterError(err)) throw err;
    logger.warn({ publicationId: String(pub._id), err: err.toJSON() }, 'read-back inconclusive');
    return 'inconclusive';
  }
}

/**
 * Settles an unknown outcome by reading the page or organization back
 * (../shared/PLATFORMS.md, Reading back what was posted): found → published with its id;
 * surely absent → published again once, under a new fence; inconclusive → read again later,
 * and after VERIFY_MAX_TRIES staff decide (mark as posted, or retry). Returns what it did.
 */
export async function verifyTurn(
  publicationId: string,
  fence: number,
  tryNumber: number,
  worker: string,
): Promise<string> {
  const pub = await findPublicationDoc(publicationId);
  if (!pub || pub.fence !== fence || pub.status !== 'unconfirmed') return 'stale';
  const result = await readBack(pub);
  if (result === 'inconclusive') return inconclusive(pub, tryNumber);
  if (!(await claimTurn(publicationId, fence, 'settle', worker))) return 'settled elsewhere';
  if (result.found) {
    await recordPublished(
      pub,
      result,
      pub.attempt?.startedAt ?? new Date(),
      pub.attempt?.revision ?? undefined,
    );
    return 'found';
  }
  const next = await rearm(pub, pub.scheduledAt, {
    attempts: (pub.attempts ?? 0) + 1,
    statusReason: 'The page was read back and the post was not there: publishing again.',
  });
  if (next) await armPublish(publicationId, next.fence, new Date());
  return 'absent';
}

async function inconclusive(pub: PublicationDoc, tryNumber: number): Promise<string> {
  const id = String(pub._id);
  const cfg = config();
  if (tryNumber < cfg.VERIFY_MAX_TRIES) {
    await writeTransition(id, pub.fence, { verifyTries: tryNumber });
    await armVerify(
      id,
      pub.fence,
      tryNumber + 1,
      Math.min(3_600_000, Math.max(1000, cfg.VERIFY_DELAY_MS) * 2 ** tryNumber),
    );
    return 'read again later';
  }
  await writeTransition(id, pub.fence, {
    verifyTries: tryNumber,
    statusReason:
      'Vitrine could not tell whether the post went out. Check the page: mark it as posted if it is there, otherwise retry.',
  });
  return 'staff decide';
}
