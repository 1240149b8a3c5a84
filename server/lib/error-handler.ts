import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { ZodError } from 'zod';
import { AppError, isDuplicateKeyError, NotFoundError, TooManyRequestsError } from './errors.js';
import { logger } from './logger.js';
import { zodProblems } from './validate.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

type HttpError = Error & {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  field?: string;
};

type MongooseFieldError = mongoose.Error.ValidatorError | mongoose.Error.CastError;

/**
 * A database-layer refusal of one field in the API's words, without the value: mongoose's own
 * messages echo it ("Path `caption` (`…3,000 characters…`) is longer than…").
 */
function storedProblem(e: MongooseFieldError): string {
  if (e instanceof mongoose.Error.CastError) return `is not a valid ${e.kind}`;
  const p = e.properties as {
    type?: string;
    maxlength?: number;
    minlength?: number;
    max?: number;
    min?: number;
    enumValues?: string[];
  };
  switch (e.kind) {
    case 'required':
      return 'is required';
    case 'maxlength':
      return `must be at most ${p.maxlength} characters`;
    case 'minlength':
      return `must be at least ${p.minlength} characters`;
    case 'max':
      return `must be ${p.max} or less`;
    case 'min':
      return `must be ${p.min} or more`;
    case 'enum':
      return `must be one of ${(p.enumValues ?? []).join(', ')}`;
    case 'regexp':
      return 'is malformed';
    default:
      // Our own validators' messages name the rule, not the value.
      return e.kind === 'user defined' && !e.message.includes('`') ? e.message : 'is invalid';
  }
}

/** Maps errors that libraries throw (body parser, multer, mongoose, zod) to our own. */
function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError)
    return new AppError(400, 'validation_failed', 'The request is invalid.', zodProblems(err));
  if (err instanceof mongoose.Error.CastError) {
    return new AppError(400, 'validation_failed', `${err.path} is invalid.`, [
      { field: err.path, message: `is not a valid ${err.kind}` },
    ]);
  }
  if (err instanceof mongoose.Error.ValidationError) {
    const details = Object.entries(err.errors).map(([field, e]) => ({ field, message: storedProblem(e) }));
    return new AppError(400, 'validation_failed', 'The data is invalid.', details);
  }
  if (isDuplicateKeyError(err)) {
    const keys = Object.keys((err as { keyPattern?: object }).keyPattern ?? {});
    return new AppError(
      409,
      'conflict',
      'This value is already used.',
      keys.map((field) => ({ field, message: 'is already used' })),
    );
  }
  const e = err as HttpError;
  if (e?.type === 'entity.parse.failed')
    return new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
  if (e?.type === 'entity.too.large')
    return new AppError(413, 'payload_too_large', 'The request body is too large.');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError(415, 'unsupported_media_type', 'The request encoding is not supported.');
  }
  if (e?.name === 'MulterError') {
    const status = e.code === 'LIMIT_FILE_SIZE' ? 413 : 400;
    return new AppError(status, status === 413 ? 'payload_too_large' : 'validation_failed', e.message, [
      { field: e.field ?? 'file', message: e.message },
    ]);
  }
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new AppError(status, 'bad_request', e.message);
  return undefined;
}

/** A stream cut because the client closed its connection (ERR_STREAM_PREMATURE_CLOSE, ECONNRESET, EPIPE). */
function clientWentAway(err: unknown, req: Request, res: Parameters<ErrorRequestHandler>[2]): boolean {
  const code = (err as HttpError | undefined)?.code;
  const closing = code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
  return closing && (req.destroyed || res.destroyed || Boolean(req.socket?.destroyed));
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new NotFoundError(`${req.method} ${req.path}`);
};

/** Renders an error for a browser; the dashboard registers its own. */
export type HtmlErrorRenderer = (req: Request, status: number, body: ErrorBody) => string;

/** The one place errors become HTTP: one JSON body, no stack trace; unknown errors are logged, never sent. */
export function errorHandler(renderHtml?: HtmlErrorRenderer): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toAppError(err);
    const status = known?.status ?? 500;
    const body: ErrorBody = known
      ? {
          error: {
            code: known.code,
            message: known.message,
            ...(known.details === undefined ? {} : { details: known.details }),
          },
        }
      : { error: { code: 'internal', message: 'Something went wrong on our side. The error was logged.' } };
    if (!known && clientWentAway(err, req, res)) {
      // A browser that stops loading an image (scrolled away, page left) is no error of ours.
      logger.debug({ reqId: req.id, code: (err as HttpError).code }, 'client closed the connection early');
      return;
    }
    if (!known) logger.error({ err, reqId: req.id }, 'unhandled error');
    if (known instanceof TooManyRequestsError) res.setHeader('Retry-After', String(known.retryAfterSeconds));
    if (res.headersSent) return;
    const wantsHtml = renderHtml && !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html';
    if (wantsHtml)
      res
        .status(status)
        .type('html')
        .send(renderHtml(req, status, body));
    else res.status(status).json(body);
  };
}
