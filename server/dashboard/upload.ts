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
 * Parses a multipart form with at most one file in `field` (memory storage, MAX_UPLOAD_BYTES).
 * Urlencoded forms (the same form without JavaScript) pass through untouched. A body that
 * cannot be parsed answers 400 with the message in the visitor's language.
 */
export function optionalUpload(field: string): RequestHandler {
  return async (req, res, next) => {
    const locale = localeOf(req);
    const malformed = {
      message: t(locale, 'error.malformedUpload'),
      problem: translateProblem(locale, 'is malformed'),
    };
    const refused = await parseMultipart(req, res, field, { fields: 60, parts: 70 }, malformed);
    if (refused) {
      res.locals.uploadError = { field: refused.field ?? field, code: refused.code };
      req.body ??= {};
    }
    next();
  };
}
