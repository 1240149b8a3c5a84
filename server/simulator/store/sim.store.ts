import { randomBytes, randomInt } from 'node:crypto';
import { config } from '../../config/index.js';
import { keptSnapshot } from '../../lib/kept-snapshot.js';
import { redis } from '../../lib/redis.js';
import { memo } from './memo.js';
import { type Platform, SimCounter, SimFault, type SimFaultDoc } from './sim.models.js';

const CLOCK = 'clock';
/** How long a fault, clock or post change made by another process may go unseen (ms). */
export const STATE_TTL_MS = 1000;
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

interface CounterState {
  pending: number;
  waiters: { resolve: (value: number) => void; reject: (err: unknown) => void }[];
}
/** Per counter being written by this process: what the next write adds, and who waits for it. */
const counting = new Map<string, CounterState>();

/**
 * A key of the simulator's in Redis (`id`: e.g. `counter:…`, `marker:…`): the install's
 * prefix, then the simulator's database, so simulators on other databases never meet.
 */
export const simKey = (id: string) => `${config().REDIS_PREFIX}:sim:${SimCounter.db.name}:${id}`;

const counterKey = (id: string) => simKey(`counter:${id}`);

async function addToCounter(id: string, by: number, windowMs: number): Promise<number> {
  const key = counterKey(id);
  // Relative, not at the window's end: that end is in simulated time, which /_admin/clock may
  // have set in the past, where an absolute expiry would drop every count at once.
  const answers = await redis().multi().incrby(key, by).pexpire(key, windowMs).exec();
  const [added] = answers ?? [];
  if (!added || added[0]) throw added?.[0] ?? new Error(`simulator counter ${id} was not counted`);
  return Number(added[1]);
}

/**
 * Adds `by` (one call, or a batch's calls) to a counter that lives for one fixed window
 * (`windowStart`: ms since the epoch, simulated time; `windowMs`: ms); returns the new value.
 * Counters are in Redis (INCRBY, then PEXPIRE for `windowMs`, in one MULTI): exact across
 * every process serving the same database, they cost it no command, and they survive a
 * restart of those processes, not a flush of Redis (a flush starts every window afresh).
 * Calls arriving while this process is writing the same counter are added together in its
 * next write: every Graph call counts against the same app-wide counter.
 */
export function countInWindow(key: string, windowStart: number, windowMs: number, by = 1): Promise<number> {
  const id = `${key}@${windowStart}`;
  return new Promise((resolve, reject) => {
    let state = counting.get(id);
    const idle = !state;
    state ??= { pending: 0, waiters: [] };
    counting.set(id, state);
    state.pending += by;
    state.waiters.push({ resolve, reject });
    if (idle) void flush(id, state, windowMs);
  });
}

async function flush(id: string, state: CounterState, windowMs: number): Promise<void> {
  while (state.pending > 0) {
    const { pending, waiters } = state;
    state.pending = 0;
    state.waiters = [];
    try {
      const value = await addToCounter(id, pending, windowMs);
      for (const w of waiters) w.resolve(value);
    } catch (err) {
      for (const w of waiters) w.reject(err);
    }
  }
  counting.delete(id);
}

/**
 * What the counters whose key starts with `keyPrefix` (e.g. `fb-app:`) hold, summed over
 * their live windows (tests and diagnostics).
 */
export async function countedSoFar(keyPrefix: string): Promise<number> {
  let total = 0;
  const stream = redis().scanStream({ match: `${counterKey(keyPrefix)}*`, count: 1000 });
  for await (const keys of stream as AsyncIterable<string[]>) {
    if (keys.length) for (const value of await redis().mget(...keys)) total += Number(value ?? 0);
  }
  return total;
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

/** Every page's and organization's faults (a handful in practice), read at once, by fault id. */
const allFaults = keptSnapshot(
  () =>
    SimFault.find()
      .lean()
      .then((docs) => new Map(docs.map((doc) => [doc._id, doc]))),
  STATE_TTL_MS,
);

/**
 * The faults set on a page or organization (none by default), from a copy of the whole
 * (small) fault collection read at most once per STATE_TTL_MS: with a hundred pages a memo
 * per page missed on nearly every call. Faults set or cleared through this process are seen
 * at once; through another process, within STATE_TTL_MS. The counters a call consumes (429
 * burst, lost outcome, 5xx sequence) are decremented in the store itself, so a stale copy
 * only decides whether to ask it.
 */
export async function getFaults(platform: Platform, externalId: string | null | undefined): Promise<Faults> {
  if (!externalId) return noFaults(platform, '');
  const doc = (await allFaults.get('')).get(faultId(platform, externalId));
  return doc ? { ...noFaults(platform, externalId), ...doc } : noFaults(platform, externalId);
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
  allFaults.forget();
  return doc;
}

export async function clearFaults(platform: Platform, externalId: string): Promise<void> {
  await SimFault.deleteOne({ _id: faultId(platform, externalId) });
  allFaults.forget();
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
