import { isDuplicateKeyError } from '../../lib/errors.js';
import { groupInsert } from '../../lib/group-insert.js';
import { mongoDb } from '../../lib/mongo.js';

/**
 * Turns a publication takes: `publish` (post it, or leave `scheduled` any other way:
 * cancel, reschedule, missed), `expire` (declare a dead worker's publish unknown) and
 * `settle` (leave unconfirmed, held, failed or missed). One claim per (publication, fence,
 * turn), taken by inserting into a unique index: atomic on MongoDB and on FerretDB, whose
 * updates are not. Whoever inserts first acts; everyone else does nothing.
 */
export type Turn = 'publish' | 'expire' | 'settle';

interface ClaimDoc {
  _id: string;
  publicationId: string;
  by: string;
  at: Date;
}

const claims = () => mongoDb().collection<ClaimDoc>('publication_claims');

/** Claims taken at once by this process's jobs go in one unordered insertMany. */
const inserts = groupInsert(claims);

export const claimId = (publicationId: string, fence: number, turn: Turn) =>
  `${publicationId}-${fence}-${turn}`;

/**
 * True when this caller got the turn; false when someone already had it. Concurrent claims of
 * this process share one insert command (group-insert.ts), each still decided by the unique
 * `_id` alone. Throws on any other MongoDB error (the claim may then exist: the reconciler
 * re-arms a turn claimed but never leased).
 */
export async function claimTurn(
  publicationId: string,
  fence: number,
  turn: Turn,
  by: string,
): Promise<boolean> {
  try {
    await inserts.insert({ _id: claimId(publicationId, fence, turn), publicationId, by, at: new Date() });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** When the turn was claimed, or undefined when nobody has it. */
export async function claimedAt(publicationId: string, fence: number, turn: Turn): Promise<Date | undefined> {
  return (await claims().findOne({ _id: claimId(publicationId, fence, turn) }))?.at;
}
