import { type Request, type Response, Router } from 'express';
import { AppError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import { removeChannel } from '../../use-cases/remove-channel.js';
import { requireRole } from '../auth/auth.middleware.js';
import {
  listChannelsSchema,
  oauthCallbackSchema,
  oauthStartSchema,
  objectId,
  platformSchema,
} from './channel.schemas.js';
import { connectSandbox, disableChannel, getChannel, listChannels } from './channel.service.js';
import { completeOAuth, startOAuth } from './channel-oauth.service.js';

const wantsHtml = (req: Request) => req.accepts(['json', 'html']) === 'html';

/**
 * Where the browser lands after a consent redirect: the dashboard's channel list. A
 * failure travels in the session's flash message, never in the URL (no text anyone
 * could forge into the page).
 */
function backToDashboard(req: Request, res: Response, outcome: { connected?: number; error?: string }): void {
  if (outcome.error && req.session) req.session.flash = { kind: 'error', text: outcome.error };
  res.redirect(
    303,
    outcome.connected === undefined ? '/channels' : `/channels?connected=${outcome.connected}`,
  );
}

/** /api/v1/channels: staff may read, admins change. Tokens never appear in any answer. */
export const channelRouter = Router();
channelRouter.use(requireRole('admin', 'strategist'));
const adminOnly = requireRole('admin');

channelRouter.get('/', async (req, res) => {
  res.json(await listChannels(parseInput(listChannelsSchema, req.query, 'Query')));
});

channelRouter.get('/oauth/:platform/start', adminOnly, async (req, res) => {
  const platform = parseInput(platformSchema, req.params.platform, 'Platform');
  const query = parseInput(oauthStartSchema, req.query, 'Query');
  const { url } = await startOAuth({ platform, userId: req.user!.id, ...query });
  if (wantsHtml(req)) return res.redirect(302, url);
  res.json({ url });
});

channelRouter.get('/oauth/:platform/callback', adminOnly, async (req, res) => {
  const platform = parseInput(platformSchema, req.params.platform, 'Platform');
  const query = parseInput(oauthCallbackSchema, req.query, 'Query');
  try {
    const channels = await completeOAuth({
      platform,
      state: query.state,
      userId: req.user!.id,
      ...(query.code ? { code: query.code } : {}),
      ...(query.error ? { error: query.error } : {}),
      ...(query.error_description ? { errorDescription: query.error_description } : {}),
    });
    if (wantsHtml(req)) return backToDashboard(req, res, { connected: channels.length });
    res.json({ channels });
  } catch (err) {
    // Our own errors carry token-free messages meant for people; anything else is a 500.
    if (!wantsHtml(req) || !(err instanceof AppError) || err.status >= 500) throw err;
    backToDashboard(req, res, { error: err.message });
  }
});

channelRouter.get('/:id', async (req, res) => {
  res.json(await getChannel(parseInput(objectId, req.params.id, 'Channel id')));
});

channelRouter.post('/sandbox', adminOnly, async (req, res) => {
  // connectSandbox validates its input (the demo seeding calls it too).
  res.status(201).json(await connectSandbox(req.body));
});

channelRouter.post('/:id/disable', adminOnly, async (req, res) => {
  res.json(await disableChannel(parseInput(objectId, req.params.id, 'Channel id')));
});

channelRouter.delete('/:id', adminOnly, async (req, res) => {
  await removeChannel(parseInput(objectId, req.params.id, 'Channel id'));
  res.status(204).end();
});
