import { hubMonth } from '../../lib/hub-time.js';
import { nextStatsDue } from '../statistics/stats-cadence.js';
import { forgetActionCount } from './action-count.js';
import type { PublicationDoc } from './publication.model.js';
import { PublicationModel, type PublicationStatus } from './publication.model.js';
import { announceTransition } from './publication-notices.js';

/** The turn that leaves a status: `publish` leaves scheduled, `settle` leaves every other open one. */
export function turnLeaving(status: PublicationStatus): 'publish' | 'settle' {
  return status === 'scheduled' ? 'publish' : 'settle';
}

/**
 * Writes a transition of the publication's current fence. Callers hold the claim of the
 * turn, so no one else writes this fence meanwhile; the filter only guards against bugs.
 * Returns the document after, or undefined when it no longer matched.
 */
export async function writeTransition(
  id: string,
  fence: number,
  set: Record<string, unknown>,
  unset: string[] = [],
  from?: PublicationStatus,
): Promise<PublicationDoc | undefined> {
  // Updates skip the model's validate hook, so the month follows the new time here.
  const at = (set.publishedAt ?? set.scheduledAt) as Date | undefined;
  const fields: Record<string, unknown> = at ? { ...set, month: hubMonth(at) } : { ...set };
  // Once published, its metrics are read on the stats cadence, from publication on.
  if (set.status === 'published' && set.publishedAt instanceof Date && !('statsDueAt' in set)) {
    fields.statsDueAt = nextStatsDue(set.publishedAt, set.publishedAt);
  }
  const update: Record<string, unknown> = { $set: fields };
  // A field both set and cleared would conflict: setting it wins.
  const cleared = unset.filter((f) => !(f in set));
  if (cleared.length > 0) update.$unset = Object.fromEntries(cleared.map((f) => [f, 1]));
  const doc = await PublicationModel.findOneAndUpdate(
    { _id: id, fence, ...(from ? { status: from } : {}) },
    update,
    {
      returnDocument: 'after',
      runValidators: true,
    },
  ).lean<PublicationDoc>();
  forgetActionCount();
  if (doc && 'status' in set) announceTransition(doc);
  return doc ?? undefined;
}

/** Fields cleared when a publication is armed again (a new fence). */
const clearedOnRearm = ['statusReason', 'leaseUntil', 'attempt'];

/**
 * Re-arms a publication under a new fence, due at `at`; the caller then queues its job.
 * A publication never returns to a status it left without a new fence: the calendar's read
 * model orders transitions by it (calendar-entry.ts, FORWARD_IN_FENCE).
 */
export function rearm(doc: PublicationDoc, at: Date, extra: Record<string, unknown> = {}) {
  return writeTransition(
    String(doc._id),
    doc.fence,
    {
      status: 'scheduled',
      scheduledAt: at,
      fence: doc.fence + 1,
      verifyTries: 0,
      ...extra,
    },
    clearedOnRearm,
    // Only from the status the caller saw: a slow worker's `published` is never undone.
    doc.status,
  );
}
