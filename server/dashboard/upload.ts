import type { RequestHandler } from 'express';
import multer from 'multer';
import { config } from '../config/index.js';

declare global {
  namespace Express {
    interface Locals {
      /** A refused upload (too large, too many files), shown beside its field instead of an error page. */
      uploadError?: { field: string; code: string };
    }
  }
}

/**
 * Parses a multipart form with at most one file in `field` (memory storage, MAX_UPLOAD_BYTES).
 * Urlencoded forms (the same form without JavaScript) pass through untouched.
 */
export function optionalUpload(field: string): RequestHandler {
  return (req, res, next) => {
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config().MAX_UPLOAD_BYTES, files: 1, fields: 60, parts: 70 },
    }).single(field);
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        res.locals.uploadError = { field: err.field ?? field, code: err.code };
        req.body ??= {};
        return next();
      }
      next(err);
    });
  };
}
