import type { RequestHandler } from 'express';
import multer from 'multer';
import { config } from '../../config/index.js';
import { ValidationError } from '../../lib/errors.js';

/**
 * Accepts one multipart file in `field`, in memory, up to MAX_UPLOAD_BYTES (413 beyond).
 * Built per request so the limit follows the configuration in force.
 */
export function singleUpload(field: string): RequestHandler {
  return (req, res, next) => {
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config().MAX_UPLOAD_BYTES, files: 1, fields: 20, parts: 30 },
    }).single(field);
    upload(req, res, next);
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
