import express, { type RequestHandler } from 'express';
import { liErrors } from './li-errors.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Rest.li query tunneling: when a query string grows past about 4 KB, LinkedIn's clients
 * (linkedin-api-client's RestliClient among them) send `POST` with `X-HTTP-Method-Override:
 * GET` (or DELETE) and the query as a form-encoded body. It is answered exactly as the
 * request it stands for: the body becomes the query string again, still percent-encoded,
 * since Rest.li 2.0 syntax lives in that encoding.
 */
export function queryTunneling(): RequestHandler[] {
  const readForm = express.text({ type: FORM, limit: '1mb' });
  const untunnel: RequestHandler = (req, _res, next) => {
    const override = req.get('x-http-method-override')?.toUpperCase();
    if (req.method !== 'POST' || !override) {
      next();
      return;
    }
    if (override !== 'GET' && override !== 'DELETE')
      throw liErrors.badQuery(`Unsupported method override ${override}`);
    if (!req.is(FORM)) throw liErrors.badQuery(`A tunneled ${override} needs a ${FORM} body`);
    const query = typeof req.body === 'string' ? req.body.trim() : '';
    const path = req.url.split('?')[0] ?? '/';
    req.method = override;
    req.url = query ? `${path}?${query}` : path;
    req.body = undefined;
    next();
  };
  return [readForm, untunnel];
}
