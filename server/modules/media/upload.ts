import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { config } from '../../config/index.js';
import { AppError, MalformedBodyError, ValidationError } from '../../lib/errors.js';

/** Multer's limits for one form: how many fields and parts it may carry besides the file. */
export interface MultipartLimits {
  fields: number;
  parts: number;
  /** Largest file; MAX_UPLOAD_BYTES when absent (images pass MAX_IMAGE_UPLOAD_BYTES). */
  fileSize?: number;
}

const defaultMalformed = {
  message: 'The multipart body is malformed or truncated. Send it again with its boundary.',
  problem: 'is malformed',
};

/**
 * Parses a multipart body with at most one file in each of `field`, in memory, up to
 * `limits.fileSize` (MAX_UPLOAD_BYTES by default). Resolves with multer's own refusal (too
 * large, too many parts, an unexpected file) for the caller to map; a body that cannot be
 * parsed at all (truncated, no boundary) rejects with a 400 MalformedBodyError, since busboy
 * reports those as plain Errors that would become 500s. Built per request so the limit
 * follows the configuration in force. One field gives req.file; several give req.files by name.
 */
export function parseMultipart(
  req: Request,
  res: Response,
  field: string | readonly string[],
  limits: MultipartLimits,
  malformed = defaultMalformed,
): Promise<multer.MulterError | undefined> {
  const early = res.locals.multipartParsed;
  if (early) return Promise.resolve(early.refused ?? pickFiles(req, field, limits));
  const names = typeof field === 'string' ? [field] : field;
  const parser = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config().MAX_UPLOAD_BYTES, files: names.length, ...limits },
  });
  // Several file fields (a form's logo and photo) arrive in req.files by name.
  const upload =
    typeof field === 'string'
      ? parser.single(field)
      : parser.fields(names.map((name) => ({ name, maxCount: 1 })));
  return new Promise((resolve, reject) => {
    upload(req, res, (err: unknown) => {
      if (err === undefined || err === null) resolve(undefined);
      else if (err instanceof multer.MulterError) resolve(err);
      else if (err instanceof AppError) reject(err);
      else
        reject(new MalformedBodyError(malformed.message, [{ field: names[0]!, message: malformed.problem }]));
    });
  });
}

declare global {
  namespace Express {
    interface Locals {
      /** Set when a multipart form was parsed before the CSRF check (see parseFormBeforeCsrf). */
      multipartParsed?: { refused?: multer.MulterError };
    }
  }
}

/**
 * After an early parse, what the route's own parse would have given: the file of `field` as
 * req.file (one field) or the files by name as req.files (several), or multer's refusal of a
 * file in another field, a second file in one field, or a file over the route's size limit.
 */
function pickFiles(
  req: Request,
  field: string | readonly string[],
  limits: MultipartLimits,
): multer.MulterError | undefined {
  const names = typeof field === 'string' ? [field] : field;
  const files = (Array.isArray(req.files) ? req.files : []) as Express.Multer.File[];
  const stray = files.find((f) => !names.includes(f.fieldname));
  if (stray) return new multer.MulterError('LIMIT_UNEXPECTED_FILE', stray.fieldname);
  const twice = names.find((name) => files.filter((f) => f.fieldname === name).length > 1);
  if (twice) return new multer.MulterError('LIMIT_UNEXPECTED_FILE', twice);
  const maxBytes = limits.fileSize ?? config().MAX_UPLOAD_BYTES;
  const large = files.find((f) => f.size > maxBytes);
  if (large) return new multer.MulterError('LIMIT_FILE_SIZE', large.fieldname);
  if (typeof field === 'string') {
    req.files = undefined;
    req.file = files[0];
  } else {
    req.files = Object.fromEntries(files.map((f) => [f.fieldname, [f]]));
  }
  return undefined;
}

/**
 * A browser form posted as multipart without JavaScript carries its CSRF token only in its
 * body, so such a body is parsed before the CSRF check (in memory, up to the largest upload
 * any route accepts: MAX_UPLOAD_BYTES or MAX_IMAGE_UPLOAD_BYTES) instead of the token riding
 * in the action's query string, where it would show in the address bar and history. Requests
 * with an X-CSRF-Token header or a Bearer token are left to their route; the route's
 * parseMultipart then reads what was parsed here and applies its own limits.
 */
export const parseFormBeforeCsrf: RequestHandler = async (req, res, next) => {
  if (req.authVia !== 'session' || !req.is('multipart/form-data') || req.get('x-csrf-token')) return next();
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  const cfg = config();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: Math.max(cfg.MAX_UPLOAD_BYTES, cfg.MAX_IMAGE_UPLOAD_BYTES),
      files: 2,
      fields: 60,
      parts: 70,
    },
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

/**
 * Accepts one multipart file in `field` (413 beyond `fileSize`, by default MAX_UPLOAD_BYTES;
 * 400 for a malformed body).
 */
export function singleUpload(field: string, fileSize?: number): RequestHandler {
  return async (req, res, next) => {
    const refused = await parseMultipart(req, res, field, {
      fields: 20,
      parts: 30,
      ...(fileSize ? { fileSize } : {}),
    });
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
