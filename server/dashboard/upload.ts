import type { RequestHandler } from 'express';
import { parseMultipart } from '../modules/media/upload.js';
import { localeOf, t } from './i18n/index.js';
import { translateProblem } from './i18n/problems.js';

declare global {
  namespace Express {
    interface Locals {
      /** A refused upload (too large, too many files), shown beside its field instead of an error page. */
      uploadError?: { field: string; code: string };
    }
  }
}

/**
 * Parses a multipart form with at most one file in `field` (or one in each of several fields:
 * req.files), in memory, up to `fileSize` (MAX_UPLOAD_BYTES by default).
 * Urlencoded forms (the same form without JavaScript) pass through untouched. A body that
 * cannot be parsed answers 400 with the message in the visitor's language.
 */
export function optionalUpload(field: string | readonly string[], fileSize?: number): RequestHandler {
  return async (req, res, next) => {
    const locale = localeOf(req);
    const malformed = {
      message: t(locale, 'error.malformedUpload'),
      problem: translateProblem(locale, 'is malformed'),
    };
    const limits = { fields: 60, parts: 70, ...(fileSize ? { fileSize } : {}) };
    const refused = await parseMultipart(req, res, field, limits, malformed);
    if (refused) {
      res.locals.uploadError = {
        field: refused.field ?? (typeof field === 'string' ? field : field[0]!),
        code: refused.code,
      };
      req.body ??= {};
    }
    next();
  };
}
