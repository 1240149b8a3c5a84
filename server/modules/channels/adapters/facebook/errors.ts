import {
  type AdapterError,
  type AdapterErrorInit,
  PermanentError,
  ReconnectError,
  RetryableError,
  UnknownOutcomeError,
} from '../adapter-errors.js';
import { regainAccessMs } from './usage.js';

/** The parts of an HTTP answer the classification needs. */
export interface GraphAnswer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
  /** The call creates content (POST /{page}/photos or /feed): a repeat could post twice. */
  createsContent?: boolean;
}

interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
}

/** Throttles wait at least this long when the platform gives no estimate. */
export const defaultThrottleWaitMs = 15 * 60_000;

const throttleCodes = new Set([4, 17, 32, 613, 80001]);
/** Code 368 with this subcode is "you're posting too fast": a rate block, not a policy one. */
const postingTooFastSubcode = 1390008;
const tokenSubcodes: Record<number, string> = {
  458: 'the app was removed from the account',
  459: 'the account is checkpointed by Facebook',
  460: 'the password was changed',
  463: 'the token expired',
  464: 'the account is unconfirmed',
  467: 'the token is invalid or the person logged out',
  492: 'the Page role was removed',
};

function graphError(data: unknown): GraphErrorBody | undefined {
  const error = (data as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null ? (error as GraphErrorBody) : undefined;
}

/** Graph messages name permissions or parameters, never the token, but are cut short anyway. */
function describe(e: GraphErrorBody | undefined, fallback: string): string {
  const text = e?.error_user_msg || e?.message || fallback;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export { usagePercent } from './usage.js';

type Base = Omit<AdapterErrorInit, 'reason'>;

/** Wait asked for by the usage headers, at least the default when they say nothing. */
function throttled(answer: GraphAnswer, base: Base, why: string): RetryableError {
  const wait = regainAccessMs(answer.headers) ?? defaultThrottleWaitMs;
  return new RetryableError({
    ...base,
    retryAfterMs: wait,
    reason: `${why}; retry in ${Math.ceil(wait / 60_000)} min.`,
  });
}

/** Answers in which Facebook says what it refused: nothing was created, whatever the call. */
function refusal(answer: GraphAnswer, e: GraphErrorBody | undefined, base: Base): AdapterError | undefined {
  const { code, error_subcode: sub } = e ?? {};
  if (code === 190 || code === 102) {
    const why = (sub !== undefined && tokenSubcodes[sub]) || 'the token was revoked or is invalid';
    return new ReconnectError({ ...base, reason: `Facebook refused the token: ${why}. Reconnect the page.` });
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return new ReconnectError({
      ...base,
      reason: `A permission or Page task is missing: ${describe(e, 'permission denied')}. Reconnect the page with the required permissions.`,
    });
  }
  if (code !== undefined && throttleCodes.has(code)) {
    return throttled(answer, base, `Facebook rate limit reached (code ${code})`);
  }
  if (code === 368 && sub === postingTooFastSubcode) {
    return throttled(answer, base, 'Facebook says the page is posting too fast (368/1390008)');
  }
  if (code === 368) {
    return new PermanentError({
      ...base,
      reason: `Facebook blocked the post for a policy violation: ${describe(e, 'temporarily blocked')}.`,
    });
  }
  return undefined;
}

/**
 * On a call that creates content, an answer that does not prove nothing was created: a 5xx,
 * codes 1 and 2, `is_transient`, or no Graph error at all (a proxy's page). The post may
 * exist (PLATFORMS.md, Failure classes).
 */
function mayHaveCreated(answer: GraphAnswer, e: GraphErrorBody | undefined): boolean {
  if (answer.status >= 500 || e?.code === 1 || e?.code === 2 || e?.is_transient === true) return true;
  return e?.code === undefined && answer.status !== 429;
}

/**
 * Maps a Graph error answer to an adapter error, by `code` and `error_subcode` first, then
 * by HTTP status. With `createsContent`, anything that may have created the post is an
 * UnknownOutcomeError, never a RetryableError: retrying blindly could post twice.
 */
export function classifyFacebookError(answer: GraphAnswer): AdapterError {
  const e = graphError(answer.data);
  const base: Base = {
    platform: 'facebook',
    code: e?.code === undefined ? `http_${answer.status}` : String(e.code),
    httpStatus: answer.status,
    ...(e?.error_subcode === undefined ? {} : { subcode: String(e.error_subcode) }),
  };
  const refused = refusal(answer, e, base);
  if (refused) return refused;
  if (answer.createsContent && mayHaveCreated(answer, e)) {
    return new UnknownOutcomeError({
      ...base,
      reason: `Facebook answered ${answer.status} (${describe(e, 'no error details')}) while publishing: the post may or may not exist.`,
    });
  }
  return unrecoverableOrTransient(answer, e, base);
}

function unrecoverableOrTransient(
  answer: GraphAnswer,
  e: GraphErrorBody | undefined,
  base: Base,
): AdapterError {
  const code = e?.code;
  if (code === 1 || code === 2 || e?.is_transient === true) {
    return new RetryableError({
      ...base,
      reason: `Temporary Facebook error: ${describe(e, 'service error')}.`,
    });
  }
  if (code === 506) {
    return new PermanentError({
      ...base,
      reason: 'Facebook rejected the post as a duplicate of a recent one.',
    });
  }
  if (e?.error_subcode === 1366046) {
    return new PermanentError({
      ...base,
      reason: 'Facebook refused the image: photos must be JPG or PNG under 4 MB.',
    });
  }
  if (code === 100) {
    return new PermanentError({
      ...base,
      reason: `Facebook rejected a parameter: ${describe(e, 'invalid parameter')}.`,
    });
  }
  if (answer.status >= 500) {
    return new RetryableError({
      ...base,
      reason: `Facebook answered ${answer.status}: ${describe(e, 'server error')}.`,
    });
  }
  if (answer.status === 429) return throttled(answer, base, 'Facebook rate limit reached');
  return new PermanentError({
    ...base,
    reason: `Facebook refused the request: ${describe(e, `HTTP ${answer.status}`)}.`,
  });
}
