import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { config } from '../../config/index.js';
import { AppError, MalformedBodyError, ValidationError } from '../../lib/errors.js';

/** Multer's limits for one form: how many fields and parts it may carry besides the file. */
export interface MultipartLimits {
  fields: number;
  parts: number;
}

/**
 * Parses a multipart body with at most one file in `field`, in memory, up to MAX_UPLOAD_BYTES.
 * Resolves with multer's own refusal (too large, too many parts) for the caller to map;
 * a body that cannot be parsed at all (truncated, no boundary) rejects with a 400
 * MalformedBodyError, since busboy reports those as plain Errors that would become 500s.
 * Built per request so the limit follows the configuration in force.
 */
export function parseMultipart(
  req: Request,
  res: Response,
  field: string,
  limits: MultipartLimits,
  malformed = defaultMalformed,
): Promise<multer.MulterError | undefined> {
  const early = res.locals.multipartParsed;
  if (early) return Promise.resolve(early.refused ?? pickFile(req, field));
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config().MAX_UPLOAD_BYTES, files: 1, ...limits },
  }).single(field);
  return new Promise((resolve, reject) => {
    upload(req, res, (err: unknown) => {
      if (err === undefined || err === null) resolve(undefined);
      else if (err instanceof multer.MulterError) resolve(err);
      else if (err instanceof AppError) reject(err);
      else reject(new MalformedBodyError(malformed.message, [{ field, message: malformed.problem }]));
    });
  });
}

const defaultMalformed = {
  message: 'The multipart body is malformed or truncated. Send it again with its boundary.',
  problem: 'is malformed',
};

declare global {
  namespace Express {
    interface Locals {
      /** Set when a multipart form was parsed before the CSRF check (see parseFormBeforeCsrf). */
      multipartParsed?: { refused?: multer.MulterError };
    }
  }
}

/** After an early parse: the one file of `field` as req.file, or multer's refusal of any other file. */
function pickFile(req: Request, field: string): multer.MulterError | undefined {
  const files = (Array.isArray(req.files) ? req.files : []) as Express.Multer.File[];
  const stray = files.find((f) => f.fieldname !== field);
  if (stray || files.length > 1)
    return new multer.MulterError('LIMIT_UNEXPECTED_FILE', stray?.fieldname ?? field);
  req.file = files[0];
  return undefined;
}

/**
 * A browser form posted as multipart without JavaScript carries its CSRF token only in its
 * body, so such a body is parsed before the CSRF check (in memory, up to MAX_UPLOAD_BYTES)
 * instead of the token riding in the action's query string, where it would show in the
 * address bar and history. Requests with an X-CSRF-Token header or a Bearer token are left
 * to their route; the route's parseMultipart then reads what was parsed here.
 */
export const parseFormBeforeCsrf: RequestHandler = async (req, res, next) => {
  if (req.authVia !== 'session' || !req.is('multipart/form-data') || req.get('x-csrf-token')) return next();
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config().MAX_UPLOAD_BYTES, files: 2, fields: 60, parts: 70 },
  }).any();
  const refused = await new Promise<multer.MulterError | undefined>((resolve, reject) => {
    upload(req, res, (err: unknown) => {
      if (err === undefined || err === null) resolve(undefined);
      else if (err instanceof multer.MulterError) resolve(err);
      else
        reject(
          new MalformedBodyError(defaultMalformed.message, [{ field: 'file', message: 'is malformed' }]),
        );
    });
  });
  req.body ??= {};
  res.locals.multipartParsed = refused ? { refused } : {};
  next();
};

/** Accepts one multipart file in `field` (413 beyond MAX_UPLOAD_BYTES, 400 for a malformed body). */
export function singleUpload(field: string): RequestHandler {
  return async (req, res, next) => {
    const refused = await parseMultipart(req, res, field, { fields: 20, parts: 30 });
    if (refused) throw refused;
    next();
  };
}

/** The uploaded file, or a 400 naming the expected field. */
export function requireFile<T>(file: T | undefined, field: string): T {
  if (!file)
    throw new ValidationError(`Send the file as multipart/form-data in the field "${field}".`, [
      { field, message: 'is required' },
    ]);
  return file;
}
