import { describe, expect, it } from 'vitest';
import type {
  AdapterErrorKind,
  RetryableError,
} from '../../../server/modules/channels/adapters/adapter-errors.js';
import {
  classifyFacebookError,
  defaultThrottleWaitMs,
  type GraphAnswer,
  usagePercent,
} from '../../../server/modules/channels/adapters/facebook/errors.js';

const graph = (
  error: Record<string, unknown>,
  status = 400,
  headers: Record<string, unknown> = {},
): GraphAnswer => ({
  status,
  headers,
  data: { error: { message: 'msg', type: 'OAuthException', fbtrace_id: 'x', ...error } },
});

const table: [string, GraphAnswer, AdapterErrorKind][] = [
  ['190 without subcode (revoked)', graph({ code: 190 }), 'reconnect'],
  ...[458, 459, 460, 463, 464, 467, 492].map(
    (sub) =>
      [`190/${sub}`, graph({ code: 190, error_subcode: sub }), 'reconnect'] as [
        string,
        GraphAnswer,
        AdapterErrorKind,
      ],
  ),
  ['102 session', graph({ code: 102 }), 'reconnect'],
  ['10 permission', graph({ code: 10 }), 'reconnect'],
  [
    '200 pages_manage_posts',
    graph({ code: 200, message: '(#200) requires pages_manage_posts' }, 403),
    'reconnect',
  ],
  ['299 permission', graph({ code: 299 }), 'reconnect'],
  ['4 app throttle (seen as 403)', graph({ code: 4 }, 403), 'retryable'],
  ['17 user throttle', graph({ code: 17 }), 'retryable'],
  ['32 page throttle', graph({ code: 32 }), 'retryable'],
  ['613 custom limit', graph({ code: 613, error_subcode: 1996 }), 'retryable'],
  ['80001 page BUC throttle', graph({ code: 80001 }), 'retryable'],
  ['1 unknown, as 500', graph({ code: 1 }, 500), 'retryable'],
  ['2 service, as 503', graph({ code: 2 }, 503), 'retryable'],
  ['is_transient', graph({ code: 9999, is_transient: true }), 'retryable'],
  ['368 policy block', graph({ code: 368 }), 'permanent'],
  ['368 with another subcode', graph({ code: 368, error_subcode: 1404006 }), 'permanent'],
  ['368/1390008 posting too fast', graph({ code: 368, error_subcode: 1390008 }), 'retryable'],
  ['506 duplicate', graph({ code: 506, message: '(#506) Duplicate status message' }), 'permanent'],
  ['100 invalid parameter', graph({ code: 100 }), 'permanent'],
  [
    '100 invalid metric',
    graph({ code: 100, message: '(#100) The value must be a valid insights metric' }),
    'permanent',
  ],
  ['media subcode 1366046', graph({ code: 100, error_subcode: 1366046 }), 'permanent'],
  ['bare 502 without body', { status: 502, headers: {}, data: '<html>bad gateway</html>' }, 'retryable'],
  ['unknown 4xx code', graph({ code: 12345 }), 'permanent'],
];

describe('Facebook error classification', () => {
  it.each(table)('%s is %s', (_name, answer, kind) => {
    const error = classifyFacebookError(answer);
    expect(error.kind).toBe(kind);
    expect(error.platform).toBe('facebook');
    expect(error.reason.length).toBeGreaterThan(10);
  });

  it('keeps the code and subcode', () => {
    const error = classifyFacebookError(graph({ code: 190, error_subcode: 463 }));
    expect(error).toMatchObject({ code: '190', subcode: '463', httpStatus: 400 });
    expect(error.reason).toMatch(/expired/);
  });

  it('when Facebook estimates the time to regain access, retries after it (minutes)', () => {
    const headers = {
      'x-business-use-case-usage': JSON.stringify({
        '123': [
          {
            type: 'pages',
            call_count: 100,
            total_cputime: 20,
            total_time: 20,
            estimated_time_to_regain_access: 7,
          },
        ],
      }),
    };
    const error = classifyFacebookError(graph({ code: 80001 }, 400, headers)) as RetryableError;
    expect(error.retryAfterMs).toBe(7 * 60_000);
  });

  it('when a throttle gives no estimate, waits the default', () => {
    const error = classifyFacebookError(graph({ code: 4 }, 403)) as RetryableError;
    expect(error.retryAfterMs).toBe(defaultThrottleWaitMs);
  });

  it('reads usage percentages from every usage header', () => {
    expect(usagePercent({ 'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":91}' })).toBe(91);
    expect(usagePercent({ 'x-business-use-case-usage': '{"1":[{"call_count":97}]}' })).toBe(97);
    expect(usagePercent({})).toBe(0);
  });

  it('368/1390008 ("posting too fast") is retried after a wait, even on a create, not a permanent failure', () => {
    for (const createsContent of [false, true]) {
      const error = classifyFacebookError({
        ...graph({ code: 368, error_subcode: 1390008 }),
        createsContent,
      }) as RetryableError;
      expect(error.kind).toBe('retryable');
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(defaultThrottleWaitMs);
    }
  });
});

const onCreate = (answer: GraphAnswer): GraphAnswer => ({ ...answer, createsContent: true });

const createTable: [string, GraphAnswer, AdapterErrorKind][] = [
  // The public report (arsduo/koala#699): the photo may exist, so never a blind retry.
  ['HTTP 500 {code:2, is_transient:true}', graph({ code: 2, is_transient: true }, 500), 'unknown_outcome'],
  ['HTTP 500 code 1', graph({ code: 1 }, 500), 'unknown_outcome'],
  ['code 2 as a 400', graph({ code: 2 }), 'unknown_outcome'],
  ['is_transient on a 400', graph({ code: 9999, is_transient: true }), 'unknown_outcome'],
  [
    'bare 502 with an HTML page',
    { status: 502, headers: {}, data: '<html>bad gateway</html>' },
    'unknown_outcome',
  ],
  ['4xx without a Graph error', { status: 400, headers: {}, data: '' }, 'unknown_outcome'],
  ['80001 page throttle: refused before creating', graph({ code: 80001, is_transient: true }), 'retryable'],
  ['4 app throttle as 403', graph({ code: 4, is_transient: true }, 403), 'retryable'],
  ['17, 32, 613 throttles', graph({ code: 613 }), 'retryable'],
  ['bare 429', { status: 429, headers: {}, data: '' }, 'retryable'],
  ['190 token', graph({ code: 190, error_subcode: 463 }), 'reconnect'],
  ['200 permission', graph({ code: 200 }, 403), 'reconnect'],
  ['506 duplicate', graph({ code: 506 }), 'permanent'],
  ['100 bad parameter', graph({ code: 100 }), 'permanent'],
  ['1366046 bad photo', graph({ code: 100, error_subcode: 1366046 }), 'permanent'],
];

describe('Facebook errors on a content-creating call (POST /{page}/photos, /feed)', () => {
  it.each(createTable)('%s is %s', (_name, answer, kind) => {
    expect(classifyFacebookError(onCreate(answer)).kind).toBe(kind);
  });

  it('a throttle on a create waits at least the default when no estimate is given', () => {
    const error = classifyFacebookError(onCreate(graph({ code: 17 }))) as RetryableError;
    expect(error.retryAfterMs).toBe(defaultThrottleWaitMs);
  });

  it('the same 5xx on a read stays retryable', () => {
    expect(classifyFacebookError(graph({ code: 2, is_transient: true }, 500)).kind).toBe('retryable');
  });
});
