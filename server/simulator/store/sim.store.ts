import { randomBytes, randomInt } from 'node:crypto';
import { isDuplicateKeyError } from '../../lib/errors.js';
import { memo } from './memo.js';
import { type Platform, SimCounter, SimFault, type SimFaultDoc } from './sim.models.js';

const CLOCK = 'clock';
/** How long a fault or clock change made by another process may go unseen (ms). */
const STATE_TTL_MS = 1000;
const clockMemo = memo<{ offsetMs: number }>({ max: 1, ttlMs: STATE_TTL_MS });

/** The simulator's notion of now: real time plus the offset set through /_admin/clock. */
export async function simNow(): Promise<Date> {
  const clock = await clockMemo.get(CLOCK, async () => {
    const doc = await SimCounter.findById(CLOCK).lean();
    return { offsetMs: doc?.value ?? 0 };
  });
  return new Date(Date.now() + (clock?.offsetMs ?? 0));
}

export async function setClockOffset(offsetMs: number): Promise<Date> {
  await SimCounter.updateOne({ _id: CLOCK }, { $set: { value: offsetMs } }, { upsert: true });
  clockMemo.forget(CLOCK);
  return simNow();
}

/** A Graph-style numeric id (no leading zero). */
export function numericId(digits = 15): string {
  let id = String(randomInt(1, 10));
  while (id.length < digits) id += String(randomInt(0, 10));
  return id;
}

export function opaque(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Adds `by` (one call, or a batch's calls) to a counter that lives for one fixed window;
 * returns the new value. Two first calls of a window at once race to create the counter: the
 * loser's upsert hits the unique `_id` and simply adds again.
 */
export async function countInWindow(
  key: string,
  windowStart: number,
  windowMs: number,
  by = 1,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const counter = await SimCounter.findOneAndUpdate(
        { _id: `${key}@${windowStart}` },
        { $inc: { value: by }, $setOnInsert: { expiresAt: new Date(windowStart + windowMs) } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return counter?.value ?? by;
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 3) throw err;
    }
  }
}

export type Faults = Omit<SimFaultDoc, '_id'>;

const noFaults = (platform: Platform, externalId: string): Faults => ({
  platform,
  externalId,
  latencyMs: 0,
  error5xxRate: 0,
  burst429: 0,
  tokenExpired: false,
  tokenRevoked: false,
  passwordChanged: false,
  permissionLost: false,
  policyBlock: false,
  postingTooFast: false,
  outcomeLost: 0,
  outcomeLostMode: 'error',
  duplicateDetection: null,
  processingFails: false,
  processingMs: null,
  callBudget: null,
  rejectMetrics: [],
  likesWithdrawn: 0,
  calls: 0,
  setAt: null,
});

/** True when a token fault applies to this token (issued before the fault was set). */
export function hitsToken(faults: Faults, token: { issuedAt: Date }): boolean {
  return !faults.setAt || token.issuedAt <= faults.setAt;
}

const faultId = (platform: Platform, externalId: string) => `${platform}:${externalId}`;
const faultsMemo = memo<Faults>({ max: 10_000, ttlMs: STATE_TTL_MS });

/**
 * The faults set on a page or organization (none by default). Read through a 1 s memo: the
 * counters a call consumes (429 burst, lost outcome, 5xx sequence) are decremented in the
 * store itself, so a stale copy only decides whether to ask it.
 */
export async function getFaults(platform: Platform, externalId: string | null | undefined): Promise<Faults> {
  if (!externalId) return noFaults(platform, '');
  const faults = await faultsMemo.get(faultId(platform, externalId), async () => {
    const doc = await SimFault.findById(faultId(platform, externalId)).lean();
    return doc ? { ...noFaults(platform, externalId), ...doc } : noFaults(platform, externalId);
  });
  return faults ?? noFaults(platform, externalId);
}

export async function setFaults(
  platform: Platform,
  externalId: string,
  faults: Partial<Faults>,
): Promise<Faults> {
  const doc = {
    ...noFaults(platform, externalId),
    ...faults,
    platform,
    externalId,
    calls: 0,
    setAt: await simNow(),
  };
  await SimFault.replaceOne({ _id: faultId(platform, externalId) }, doc, { upsert: true });
  faultsMemo.forget(faultId(platform, externalId));
  return doc;
}

export async function clearFaults(platform: Platform, externalId: string): Promise<void> {
  await SimFault.deleteOne({ _id: faultId(platform, externalId) });
  faultsMemo.forget(faultId(platform, externalId));
}

/** Consumes one call of a 429 burst; true when this call must be throttled. */
export async function takeBurst(platform: Platform, externalId: string): Promise<boolean> {
  if (!(await getFaults(platform, externalId)).burst429) return false;
  const result = await SimFault.updateOne(
    { _id: faultId(platform, externalId), burst429: { $gt: 0 } },
    { $inc: { burst429: -1 } },
  );
  return result.modifiedCount === 1;
}

/** Consumes one lost outcome; true when this call must create the post and then fail. */
export async function takeOutcomeLost(platform: Platform, externalId: string): Promise<boolean> {
  if (!(await getFaults(platform, externalId)).outcomeLost) return false;
  const result = await SimFault.updateOne(
    { _id: faultId(platform, externalId), outcomeLost: { $gt: 0 } },
    { $inc: { outcomeLost: -1 } },
  );
  return result.modifiedCount === 1;
}

/**
 * Deterministic error rate: the n-th call fails when floor(n·rate) steps up, so a rate of 1
 * fails every call, 0.5 every other call, 0 none.
 */
export async function takeServerError(
  platform: Platform,
  externalId: string,
  rate: number,
): Promise<boolean> {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  const doc = await SimFault.findOneAndUpdate(
    { _id: faultId(platform, externalId) },
    { $inc: { calls: 1 } },
    { returnDocument: 'after' },
  ).lean();
  const n = doc?.calls ?? 1;
  return Math.floor(n * rate) > Math.floor((n - 1) * rate);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
