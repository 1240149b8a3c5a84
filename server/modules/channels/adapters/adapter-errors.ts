import type { Platform } from './platform.types.js';

/**
 * What the caller should do about a failed platform call: the one error vocabulary, shared by
 * the adapters and Publication.lastError (../shared/PLATFORMS.md, Failure classes).
 */
export const adapterErrorKinds = ['retryable', 'permanent', 'reconnect', 'unknown_outcome'] as const;
export type AdapterErrorKind = (typeof adapterErrorKinds)[number];

export interface AdapterErrorInit {
  platform: Platform;
  /** The platform's error code (Graph `code`, LinkedIn `code`/`serviceErrorCode`/status), or ours. */
  code: string;
  subcode?: string;
  /** A human explanation, safe to show to staff: never contains a token or a secret. */
  reason: string;
  httpStatus?: number;
}

/**
 * Base of the four classes a platform adapter may throw. Fields and message never
 * carry a token: adapters build them from the platform's error body, not from the
 * request, and the original axios error is never attached.
 */
export abstract class AdapterError extends Error {
  abstract readonly kind: AdapterErrorKind;
  readonly platform: Platform;
  readonly code: string;
  readonly subcode?: string;
  readonly reason: string;
  readonly httpStatus?: number;

  constructor(init: AdapterErrorInit) {
    super(`${init.platform}: ${init.reason}`);
    this.name = new.target.name;
    this.platform = init.platform;
    this.code = init.code;
    if (init.subcode !== undefined) this.subcode = init.subcode;
    this.reason = init.reason;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
  }

  /** A plain, token-free summary to store on a publication or show in the dashboard. */
  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      platform: this.platform,
      code: this.code,
      subcode: this.subcode,
      reason: this.reason,
      httpStatus: this.httpStatus,
    };
  }
}

/** Try again later, ideally after `retryAfterMs` when the platform said how long. */
export class RetryableError extends AdapterError {
  readonly kind = 'retryable' as const;
  readonly retryAfterMs?: number;
  /**
   * True when the platform gave no wait and `retryAfterMs` is the quota reset (LinkedIn's
   * 00:00 UTC): back off first, and wait that long only if the refusal persists.
   */
  readonly waitIfPersistent?: boolean;

  constructor(init: AdapterErrorInit & { retryAfterMs?: number; waitIfPersistent?: boolean }) {
    super(init);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.waitIfPersistent) this.waitIfPersistent = true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** The request itself is wrong (validation, duplicate, policy block): retrying cannot help. */
export class PermanentError extends AdapterError {
  readonly kind = 'permanent' as const;
}

/** The token is invalid, expired or revoked, or a permission or role was lost. */
export class ReconnectError extends AdapterError {
  readonly kind = 'reconnect' as const;
}

/**
 * The request was sent but no answer came back (timeout, reset): the post may or may
 * not exist. Never retry blindly; reconcile first.
 */
export class UnknownOutcomeError extends AdapterError {
  readonly kind = 'unknown_outcome' as const;
}

export function isAdapterError(err: unknown): err is AdapterError {
  return err instanceof AdapterError;
}
