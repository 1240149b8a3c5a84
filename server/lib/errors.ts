/** One problem with one input field: `field` is a dotted path ("address.city", "rows.3.email"). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Base of every error a service may throw on purpose; the error handler maps it to HTTP. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: FieldProblem[] = []) {
    super(400, 'validation_failed', message, details);
  }
}

/** A request body that cannot be parsed at all (truncated multipart, no boundary): the client must resend it. */
export class MalformedBodyError extends AppError {
  constructor(message: string, details?: FieldProblem[]) {
    super(400, 'malformed_body', message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in first.') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super(404, 'not_found', `${what} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: FieldProblem[]) {
    super(409, 'conflict', message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, details?: FieldProblem[]) {
    super(413, 'payload_too_large', message, details);
  }
}

export class UnsupportedMediaError extends AppError {
  constructor(message: string, details?: FieldProblem[]) {
    super(415, 'unsupported_media_type', message, details);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message, { retryAfterSeconds });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message: string, details?: unknown) {
    super(503, 'service_unavailable', message, details);
  }
}

/**
 * True for duplicate-key errors: 11000 on MongoDB and on FerretDB inserts. FerretDB reports an
 * update that hits a unique index as an InternalError (code 1) carrying SQLite's message.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return (
    code === 11000 ||
    (code === 1 && typeof message === 'string' && message.includes('UNIQUE constraint failed'))
  );
}
