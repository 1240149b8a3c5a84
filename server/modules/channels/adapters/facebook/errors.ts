import { type AdapterError, PermanentError, ReconnectError, RetryableError } from '../adapter-errors.js';

/** The parts of an HTTP answer the classification needs. */
export interface GraphAnswer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
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

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * How long Facebook asks us to wait, from X-Business-Use-Case-Usage
 * (`estimated_time_to_regain_access`, in minutes), or undefined when it does not say.
 */
function regainAccessMs(headers: Record<string, unknown>): number | undefined {
  const buc = parseJson(headers['x-business-use-case-usage']) as Record<string, unknown> | undefined;
  if (!buc || typeof buc !== 'object') return undefined;
  let minutes = 0;
  for (const entries of Object.values(buc)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const value = Number(
        (entry as { estimated_time_to_regain_access?: unknown }).estimated_time_to_regain_access,
      );
      if (Number.isFinite(value)) minutes = Math.max(minutes, value);
    }
  }
  return minutes > 0 ? minutes * 60_000 : undefined;
}

/** The highest usage percentage among X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage. */
export function usagePercent(headers: Record<string, unknown>): number {
  let max = 0;
  const scan = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(scan);
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'number' && ['call_count', 'total_time', 'total_cputime'].includes(key)) {
        max = Math.max(max, v);
      } else scan(v);
    }
  };
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage', 'x-business-use-case-usage']) {
    scan(parseJson(headers[name]));
  }
  return max;
}

/** Maps a Graph error answer to an adapter error, by `code`/`error_subcode` first, then HTTP status. */
export function classifyFacebookError(answer: GraphAnswer): AdapterError {
  const e = graphError(answer.data);
  const code = e?.code;
  const sub = e?.error_subcode;
  const base = {
    platform: 'facebook' as const,
    code: code === undefined ? `http_${answer.status}` : String(code),
    httpStatus: answer.status,
    ...(sub === undefined ? {} : { subcode: String(sub) }),
  };

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
    const wait = regainAccessMs(answer.headers) ?? defaultThrottleWaitMs;
    return new RetryableError({
      ...base,
      retryAfterMs: wait,
      reason: `Facebook rate limit reached (code ${code}); retry in ${Math.ceil(wait / 60_000)} min.`,
    });
  }
  if (code === 1 || code === 2 || e?.is_transient === true) {
    return new RetryableError({
      ...base,
      reason: `Temporary Facebook error: ${describe(e, 'service error')}.`,
    });
  }
  if (code === 506)
    return new PermanentError({
      ...base,
      reason: 'Facebook rejected the post as a duplicate of a recent one.',
    });
  if (code === 368) {
    return new PermanentError({
      ...base,
      reason: `Facebook blocked the post for a policy violation: ${describe(e, 'temporarily blocked')}.`,
    });
  }
  if (sub === 1366046) {
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
  if (answer.status === 429) {
    return new RetryableError({
      ...base,
      retryAfterMs: regainAccessMs(answer.headers) ?? defaultThrottleWaitMs,
      reason: 'Facebook rate limit reached.',
    });
  }
  return new PermanentError({
    ...base,
    reason: `Facebook refused the request: ${describe(e, `HTTP ${answer.status}`)}.`,
  });
}
