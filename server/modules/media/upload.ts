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
  field: string | readonly string[],
  limits: MultipartLimits,
  malformed = {
    message: 'The multipart body is malformed or truncated. Send it again with its boundary.',
    problem: 'is malformed',
  },
): Promise<multer.MulterError | undefined> {
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
