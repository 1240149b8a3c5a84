import type { ErrorRequestHandler } from 'express';
import { logger } from '../../lib/logger.js';
import { opaque } from '../store/sim.store.js';

export interface GraphErrorExtra {
  subcode?: number;
  type?: string;
  transient?: boolean;
  userTitle?: string;
  userMsg?: string;
}

/** A Graph API error answer: classified by code and subcode, not by HTTP status. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: GraphErrorExtra = {},
  ) {
    super(message);
  }

  body() {
    const { subcode, type, transient, userTitle, userMsg } = this.extra;
    return {
      error: {
        message: this.message,
        type: type ?? 'OAuthException',
        code: this.code,
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        is_transient: transient ?? false,
        ...(userTitle ? { error_user_title: userTitle, error_user_msg: userMsg ?? userTitle } : {}),
        fbtrace_id: opaque(12),
      },
    };
  }
}

export const graphErrors = {
  invalidParam: (message: string, subcode?: number) =>
    new GraphError(400, 100, message.startsWith('(#') ? message : `(#100) ${message}`, { subcode }),
  unsupported: (id: string, method = 'get') =>
    new GraphError(
      400,
      100,
      `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      { subcode: 33, type: 'GraphMethodException' },
    ),
  unknownPath: (path: string) => new GraphError(400, 2500, `Unknown path components: ${path}`),
  noToken: () => new GraphError(400, 104, 'An access token is required to request this resource.'),
  badToken: () => new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token'),
  expired: (at: Date, now: Date) =>
    new GraphError(
      400,
      190,
      `Error validating access token: Session has expired on ${at.toUTCString()}. The current time is ${now.toUTCString()}.`,
      { subcode: 463 },
    ),
  passwordChanged: () =>
    new GraphError(
      400,
      190,
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      { subcode: 460 },
    ),
  revoked: () =>
    new GraphError(
      400,
      190,
      'Error validating access token: The session was invalidated explicitly using an API call.',
    ),
  pageTokenNeeded: () =>
    new GraphError(400, 190, '(#190) This method must be called with a Page Access Token'),
  cannotPost: () =>
    new GraphError(
      403,
      200,
      '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts permission with page token',
    ),
  cannotRead: () =>
    new GraphError(
      403,
      10,
      "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature.",
    ),
  pageThrottled: () =>
    new GraphError(
      400,
      80001,
      '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
      { transient: true },
    ),
  appThrottled: () => new GraphError(403, 4, '(#4) Application request limit reached', { transient: true }),
  transient: () =>
    new GraphError(503, 2, 'An unexpected error has occurred. Please retry your request later.', {
      transient: true,
    }),
  policyBlock: () =>
    new GraphError(
      400,
      368,
      '(#368) The action attempted has been deemed abusive or is otherwise disallowed',
      { userTitle: "You can't post right now" },
    ),
  /** 368 with subcode 1390008: a rate block, not a policy one (PLATFORMS.md, Errors). */
  postingTooFast: () =>
    new GraphError(
      400,
      368,
      '(#368) The action attempted has been deemed abusive or is otherwise disallowed',
      {
        subcode: 1390008,
        userTitle: "You can't post right now",
        userMsg: "You're posting too fast. Wait a bit and try again.",
      },
    ),
  duplicate: () => new GraphError(400, 506, '(#506) Duplicate status message'),
  badMetric: () => new GraphError(400, 100, '(#100) The value must be a valid insights metric'),
  badPhoto: () =>
    new GraphError(400, 100, 'Invalid parameter', {
      subcode: 1366046,
      userTitle:
        "Your photos couldn't be uploaded. Photos should be less than 4 MB and saved as JPG or PNG files.",
    }),
};

export const graphErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof GraphError) {
    res.status(err.status).json(err.body());
    return;
  }
  logger.error({ err }, 'simulator: facebook handler failed');
  res.status(500).json(new GraphError(500, 1, 'An unknown error has occurred.', { transient: true }).body());
};
