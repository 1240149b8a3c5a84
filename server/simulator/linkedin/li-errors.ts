import type { ErrorRequestHandler } from 'express';
import { logger } from '../../lib/logger.js';

/** A LinkedIn REST error answer: `{status, serviceErrorCode, code, message}` or a custom body. */
export class LinkedInError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
  ) {
    super(String(payload.message ?? status));
  }
}

const error = (status: number, serviceErrorCode: number, code: string | undefined, message: string) =>
  new LinkedInError(status, { status, serviceErrorCode, ...(code ? { code } : {}), message });

/** A 422 in the Rest.li validation shape (the duplicate-post answer uses it too). */
export function unprocessable(
  message: string,
  inputCode: string,
  description: string,
  fieldPath?: string,
): LinkedInError {
  return new LinkedInError(422, {
    errorDetailType: 'com.linkedin.common.error.BadRequest',
    message,
    errorDetails: {
      inputErrors: [{ description, input: fieldPath ? { inputPath: { fieldPath } } : {}, code: inputCode }],
    },
    status: 422,
  });
}

export const liErrors = {
  versionMissing: () =>
    error(
      400,
      0,
      'VERSION_MISSING',
      'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
    ),
  versionInvalid: (v: string) =>
    error(400, 0, 'INVALID_VERSION', `Version ${v} is not a valid version. Use the YYYYMM format.`),
  versionInactive: (v: string) =>
    new LinkedInError(426, {
      status: 426,
      code: 'NONEXISTENT_VERSION',
      message: `Requested version ${v} is not active`,
    }),
  protocol: () =>
    error(400, 0, 'ILLEGAL_ARGUMENT', 'X-Restli-Protocol-Version 2.0.0 is required by this resource'),
  notAnObject: () => error(400, 0, 'ILLEGAL_ARGUMENT', 'The request body must be a JSON object'),
  badQuery: (detail = 'Invalid query parameters passed to request') =>
    error(400, 0, 'ILLEGAL_ARGUMENT', detail),
  noToken: () => error(401, 65604, 'EMPTY_ACCESS_TOKEN', 'Empty oauth2 access token'),
  invalidToken: () => error(401, 65600, 'INVALID_ACCESS_TOKEN', 'Invalid access token'),
  revokedToken: () =>
    error(401, 65601, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user'),
  expiredToken: () => error(401, 65602, 'EXPIRED_ACCESS_TOKEN', 'The token used in the request has expired'),
  denied: (what: string) => error(403, 100, 'ACCESS_DENIED', `Not enough permissions to access: ${what}`),
  unpermitted: (fields: string[]) =>
    error(
      403,
      100,
      'ACCESS_DENIED',
      `Unpermitted fields present in PARAMETER: Data Processing Exception while processing fields [${fields.join(', ')}]`,
    ),
  notFound: (what = 'Not Found') => error(404, 0, 'NOT_FOUND', what),
  throttled: () =>
    new LinkedInError(429, {
      serviceErrorCode: 101,
      message: 'Resource level throttle limit for calls to this resource is reached.',
      status: 429,
    }),
  server: () => new LinkedInError(500, { message: 'Internal Server Error', status: 500 }),
  duplicate: (urn: string) =>
    unprocessable(
      `ERROR :: /commentary :: Content is a duplicate of ${urn}`,
      'DUPLICATE_POST',
      'Duplicate post is detected',
    ),
};

/**
 * A body the API cannot read: 400, or 413 when too large, in LinkedIn's own error shape;
 * undefined when `err` did not come from reading the body.
 */
export function bodyError(err: unknown): LinkedInError | undefined {
  const { type, status } = err as { type?: string; status?: number };
  if (type === 'entity.too.large' || status === 413) {
    return error(413, 0, 'REQUEST_ENTITY_TOO_LARGE', 'Request entity too large');
  }
  if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return error(400, 0, 'ILLEGAL_ARGUMENT', 'Invalid JSON in request body');
  }
  return undefined;
}

export const liErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof LinkedInError) {
    res.status(err.status).json(err.payload);
    return;
  }
  const body = bodyError(err);
  if (body) {
    res.status(body.status).json(body.payload);
    return;
  }
  logger.error({ err }, 'simulator: linkedin handler failed');
  res.status(500).json({ message: 'Internal Server Error', status: 500 });
};
