import type { Request, Response } from 'express';
import { GraphError } from './facebook/graph-errors.js';
import type { Platform } from './store/sim.models.js';
import { getFaults, takeOutcomeLost } from './store/sim.store.js';

const GATEWAY_TIMEOUT_HTML = `<!DOCTYPE html>
<html><head><title>504 Gateway Time-out</title></head>
<body><h1>504 Gateway Time-out</h1><p>The server didn't respond in time.</p></body></html>
`;

/**
 * The `outcomeLost` fault, applied after a post was created: the client gets a failure it
 * cannot tell apart from one where nothing was created (PLATFORMS.md, Failure classes, with
 * the reports it cites). Mode `error`: Graph 500 code 2 `is_transient`, or LinkedIn's HTML 504
 * from its gateway; mode `reset`: the connection is dropped without an answer.
 * Returns true when it answered (or dropped) the request.
 */
export async function loseOutcome(
  req: Request,
  res: Response,
  platform: Platform,
  externalId: string,
): Promise<boolean> {
  if (!(await takeOutcomeLost(platform, externalId))) return false;
  const { outcomeLostMode } = await getFaults(platform, externalId);
  if (outcomeLostMode === 'reset') {
    req.socket.destroy();
    return true;
  }
  if (platform === 'facebook') {
    res
      .status(500)
      .json(new GraphError(500, 2, 'An unknown error has occurred.', { transient: true }).body());
  } else {
    res.status(504).type('text/html').send(GATEWAY_TIMEOUT_HTML);
  }
  return true;
}
