import {
  type AdapterError,
  PermanentError,
  ReconnectError,
  RetryableError,
  UnknownOutcomeError,
} from '../adapter-errors.js';

export interface RestAnswer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
  /** The call creates content (POST /rest/posts): a repeat could post twice. */
  createsContent?: boolean;
}

interface RestErrorBody {
  status?: number;
  serviceErrorCode?: number;
  code?: string;
  message?: string;
  error?: string;
  error_description?: string;
  errorDetails?: { inputErrors?: { code?: string; description?: string }[] };
}

function body(data: unknown): RestErrorBody {
  return typeof data === 'object' && data !== null ? (data as RestErrorBody) : {};
}

function describe(e: RestErrorBody, fallback: string): string {
  const text = e.message || e.error_description || fallback;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** LinkedIn's daily quotas reset at 00:00 UTC and it sends no Retry-After: wait until then. */
export function msUntilUtcMidnight(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime();
}

function retryAfterHeader(headers: Record<string, unknown>, now: Date): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined || value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(String(value));
  return Number.isFinite(date) ? Math.max(0, date - now.getTime()) : undefined;
}

/**
 * On a call that creates content, an answer that does not prove nothing was created: a 5xx
 * or 408, or no LinkedIn error body at all (a gateway's HTML page). The post may exist
 * (PLATFORMS.md, Failure classes).
 */
function mayHaveCreated(answer: RestAnswer): boolean {
  if (answer.status >= 500 || answer.status === 408) return true;
  const data = answer.data;
  const isLinkedInError =
    typeof data === 'object' && data !== null && ('status' in data || 'message' in data || 'code' in data);
  return !isLinkedInError;
}

/**
 * Maps a LinkedIn REST or OAuth error answer to an adapter error, by HTTP status first. With
 * `createsContent`, anything that may have created the post (other than 401, 403 and 429,
 * which LinkedIn answers before creating anything) is an UnknownOutcomeError.
 */
export function classifyLinkedInError(answer: RestAnswer, now = new Date()): AdapterError {
  const e = body(answer.data);
  const detail = e.errorDetails?.inputErrors?.[0];
  const base = {
    platform: 'linkedin' as const,
    code:
      e.code ??
      e.error ??
      (e.serviceErrorCode === undefined ? `http_${answer.status}` : String(e.serviceErrorCode)),
    httpStatus: answer.status,
    ...(e.serviceErrorCode !== undefined && e.code ? { subcode: String(e.serviceErrorCode) } : {}),
  };
  const status = answer.status;

  if (status === 401) {
    return new ReconnectError({
      ...base,
      reason: `LinkedIn refused the token (${describe(e, 'invalid, expired or revoked')}). Reconnect the organization.`,
    });
  }
  if (status === 403) {
    return new ReconnectError({
      ...base,
      reason: `LinkedIn denied access: a scope or the organization role is missing (${describe(e, 'access denied')}). Reconnect as an administrator.`,
    });
  }
  if (status === 429) {
    // No Retry-After from LinkedIn (PLATFORMS.md §8): back off, then wait for 00:00 UTC if it persists.
    const given = retryAfterHeader(answer.headers, now);
    const wait = given ?? msUntilUtcMidnight(now);
    return new RetryableError({
      ...base,
      retryAfterMs: wait,
      waitIfPersistent: given === undefined,
      reason: `LinkedIn quota reached (${describe(e, 'throttled')}); retry in ${Math.ceil(wait / 60_000)} min.`,
    });
  }
  if (answer.createsContent && mayHaveCreated(answer)) {
    return new UnknownOutcomeError({
      ...base,
      reason: `LinkedIn answered ${status} (${describe(e, 'no error details')}) while publishing: the post may or may not exist.`,
    });
  }
  if (status === 426) {
    return new PermanentError({
      ...base,
      reason: `LinkedIn no longer supports the API version in use (${describe(e, 'version retired')}). Update LINKEDIN_VERSION.`,
    });
  }
  if (status === 422 && (detail?.code === 'DUPLICATE_POST' || /duplicate/i.test(e.message ?? ''))) {
    return new PermanentError({
      ...base,
      code: 'DUPLICATE_POST',
      reason: 'LinkedIn rejected the post as a duplicate of an earlier one.',
    });
  }
  if (status >= 500) {
    return new RetryableError({
      ...base,
      reason: `LinkedIn answered ${status}: ${describe(e, 'server error')}.`,
    });
  }
  const what = detail?.description
    ? `${describe(e, 'invalid request')}: ${detail.description}`
    : describe(e, 'invalid request');
  return new PermanentError({ ...base, reason: `LinkedIn refused the request (${status}): ${what}.` });
}
