import { describe, expect, it } from 'vitest';
import type {
  AdapterErrorKind,
  RetryableError,
} from '../../../server/modules/channels/adapters/adapter-errors.js';
import {
  classifyLinkedInError,
  msUntilUtcMidnight,
} from '../../../server/modules/channels/adapters/linkedin/errors.js';

const answer = (status: number, data: unknown = {}, headers: Record<string, unknown> = {}) => ({
  status,
  data,
  headers,
});

const duplicate = {
  errorDetailType: 'com.linkedin.common.error.BadRequest',
  message: 'Content is a duplicate of urn:li:share:1',
  errorDetails: {
    inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }],
  },
  status: 422,
};

const table: [string, ReturnType<typeof answer>, AdapterErrorKind][] = [
  [
    '401 INVALID_ACCESS_TOKEN',
    answer(401, {
      status: 401,
      serviceErrorCode: 65600,
      code: 'INVALID_ACCESS_TOKEN',
      message: 'Invalid access token',
    }),
    'reconnect',
  ],
  [
    '401 REVOKED_ACCESS_TOKEN',
    answer(401, {
      status: 401,
      serviceErrorCode: 65601,
      code: 'REVOKED_ACCESS_TOKEN',
      message: 'The token used in the request has been revoked by the user',
    }),
    'reconnect',
  ],
  [
    '403 ACCESS_DENIED',
    answer(403, {
      status: 403,
      serviceErrorCode: 100,
      code: 'ACCESS_DENIED',
      message: 'Not enough permissions to access: …',
    }),
    'reconnect',
  ],
  [
    '403 without code (older shape)',
    answer(403, { status: 403, serviceErrorCode: 100, message: 'Not enough permissions' }),
    'reconnect',
  ],
  ['400 validation', answer(400, { status: 400, message: 'Invalid param' }), 'permanent'],
  ['404 not found', answer(404, { status: 404, message: 'Not found' }), 'permanent'],
  ['422 validation', answer(422, { status: 422, message: 'commentary too long' }), 'permanent'],
  ['422 DUPLICATE_POST', answer(422, duplicate), 'permanent'],
  [
    '426 NONEXISTENT_VERSION',
    answer(426, {
      status: 426,
      code: 'NONEXISTENT_VERSION',
      message: 'Requested version 20241101 is not active',
    }),
    'permanent',
  ],
  [
    '429 throttle',
    answer(429, {
      serviceErrorCode: 101,
      message: 'Resource level throttle limit for calls to this resource is reached.',
      status: 429,
    }),
    'retryable',
  ],
  ['500', answer(500), 'retryable'],
  ['502', answer(502), 'retryable'],
  ['503', answer(503), 'retryable'],
  ['504', answer(504), 'retryable'],
];

describe('LinkedIn error classification', () => {
  it.each(table)('%s is %s', (_name, a, kind) => {
    const error = classifyLinkedInError(a);
    expect(error.kind).toBe(kind);
    expect(error.platform).toBe('linkedin');
  });

  it('names a duplicate post as such', () => {
    expect(classifyLinkedInError(answer(422, duplicate))).toMatchObject({
      code: 'DUPLICATE_POST',
      reason: expect.stringMatching(/duplicate/),
    });
  });

  it('tells to update the version setting when the version is retired', () => {
    expect(classifyLinkedInError(answer(426, { code: 'NONEXISTENT_VERSION' })).reason).toMatch(
      /LINKEDIN_VERSION/,
    );
  });

  it('when the daily quota is reached, retries at 00:00 UTC', () => {
    const now = new Date('2026-11-26T22:30:00Z');
    const error = classifyLinkedInError(answer(429, { status: 429 }), now) as RetryableError;
    expect(error.retryAfterMs).toBe(90 * 60_000);
    expect(msUntilUtcMidnight(new Date('2026-12-31T23:59:00Z'))).toBe(60_000);
  });

  it('honours a Retry-After header when there is one', () => {
    const error = classifyLinkedInError(answer(429, {}, { 'retry-after': '30' })) as RetryableError;
    expect(error.retryAfterMs).toBe(30_000);
  });
});

const gatewayTimeout = '<html><head><title>504 Gateway Time-out</title></head><body>504</body></html>';
const onCreate = (a: ReturnType<typeof answer>) => ({ ...a, createsContent: true });

const createTable: [string, ReturnType<typeof answer>, AdapterErrorKind][] = [
  // The public report (ComposioHQ/composio#2710): the post may exist behind the gateway's page.
  ['504 with an HTML body', answer(504, gatewayTimeout, { 'content-type': 'text/html' }), 'unknown_outcome'],
  ['500 JSON', answer(500, { status: 500, message: 'Internal Server Error' }), 'unknown_outcome'],
  ['502 empty', answer(502, ''), 'unknown_outcome'],
  ['503', answer(503), 'unknown_outcome'],
  ['408 from a proxy', answer(408, '<html>timeout</html>'), 'unknown_outcome'],
  ['4xx HTML from a proxy', answer(400, '<html>bad request</html>'), 'unknown_outcome'],
  ['429: refused before creating', answer(429, { status: 429, serviceErrorCode: 101 }), 'retryable'],
  ['429 without a body', answer(429, ''), 'retryable'],
  ['401', answer(401, { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' }), 'reconnect'],
  ['403', answer(403, { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED' }), 'reconnect'],
  ['422 DUPLICATE_POST', answer(422, duplicate), 'permanent'],
  ['422 validation', answer(422, { status: 422, message: 'commentary too long' }), 'permanent'],
  ['426', answer(426, { status: 426, code: 'NONEXISTENT_VERSION', message: 'not active' }), 'permanent'],
];

describe('LinkedIn errors on POST /rest/posts (content-creating)', () => {
  it.each(createTable)('%s is %s', (_name, a, kind) => {
    expect(classifyLinkedInError(onCreate(a)).kind).toBe(kind);
  });

  it('the same 504 on a read (image upload, polling, statistics) stays retryable', () => {
    expect(classifyLinkedInError(answer(504, gatewayTimeout)).kind).toBe('retryable');
  });
});
