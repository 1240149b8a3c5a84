import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from '../../../lib/http-client.js';
import { RetryableError, UnknownOutcomeError } from './adapter-errors.js';
import type { Platform } from './platform.types.js';

/** Network codes meaning the request never reached the platform, so nothing happened there. */
const notSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export interface SendOptions {
  platform: Platform;
  /** What the call does, for the reason shown to staff ("publishing the photo"). */
  what: string;
  /** True when repeating the call could create something twice (publishing). */
  createsContent?: boolean;
}

/**
 * Sends one request. HTTP statuses come back as they are (the client never throws
 * on them); network failures become adapter errors, with no URL, header or body,
 * since those may carry a token. Any other failure may come after the request was sent:
 * a reset (ECONNRESET, "socket hang up") or a timeout (axios ECONNABORTED / ETIMEDOUT), so
 * on a content-creating call it is an UnknownOutcomeError (PLATFORMS.md, Failure classes).
 */
export async function send<T = unknown>(
  client: AxiosInstance,
  request: AxiosRequestConfig,
  options: SendOptions,
): Promise<AxiosResponse<T>> {
  try {
    return await client.request<T>(request);
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? 'ENETWORK');
    if (notSent.has(code)) {
      throw new RetryableError({
        platform: options.platform,
        code,
        reason: `Could not reach ${options.platform} while ${options.what} (${code}).`,
      });
    }
    if (options.createsContent) {
      throw new UnknownOutcomeError({
        platform: options.platform,
        code,
        reason: `No answer from ${options.platform} while ${options.what} (${code}): the post may or may not exist.`,
      });
    }
    throw new RetryableError({
      platform: options.platform,
      code,
      reason: `No answer from ${options.platform} while ${options.what} (${code}).`,
    });
  }
}

/** Reads a header as a string whatever its casing or array form. */
export function header(response: Pick<AxiosResponse, 'headers'>, name: string): string | undefined {
  const value = (response.headers as Record<string, unknown>)[name.toLowerCase()];
  if (Array.isArray(value)) return value.map(String).join(',');
  return value === undefined || value === null ? undefined : String(value);
}
