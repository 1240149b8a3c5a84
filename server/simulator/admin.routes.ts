import express, { type ErrorRequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { logger } from '../lib/logger.js';
import { parseInput } from '../lib/validate.js';
import { grantTokens } from './linkedin/li-oauth.js';
import { metricsAt } from './metrics.js';
import { FACEBOOK_SCOPES, LINKEDIN_SCOPES, SANDBOX_FACEBOOK_USER_ID } from './simulator.constants.js';
import { createAccount, listAccounts, listPosts } from './store/accounts.js';
import type { Platform } from './store/sim.models.js';
import { clearFaults, getFaults, setClockOffset, setFaults, simNow } from './store/sim.store.js';
import { issueToken } from './store/tokens.js';

const platform = z.enum(['facebook', 'linkedin']);
const accountInput = z.object({ platform, name: z.string().trim().min(1).max(120) }).strict();
const faultInput = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000),
    error5xxRate: z.number().min(0).max(1),
    burst429: z.number().int().min(0),
    tokenExpired: z.boolean(),
    tokenRevoked: z.boolean(),
    passwordChanged: z.boolean(),
    permissionLost: z.boolean(),
    policyBlock: z.boolean(),
    postingTooFast: z.boolean(),
    outcomeLost: z.number().int().min(0),
    outcomeLostMode: z.enum(['error', 'reset']),
    duplicateDetection: z.boolean(),
    processingFails: z.boolean(),
    processingMs: z.number().int().min(0).max(600_000),
    callBudget: z.number().int().min(0),
    rejectMetrics: z.array(z.string().min(1).max(100)).max(50),
    likesWithdrawn: z.number().int().min(0).max(1_000_000),
  })
  .partial()
  .strict();
const clockInput = z.object({ offsetMs: z.number().int() }).strict();
const target = (params: Record<string, string>) => ({
  platform: parseInput(platform, params.platform, 'Platform') as Platform,
  externalId: String(params.externalId),
});

/** Provisions an account and the token a sandbox channel connects with, without any login. */
async function provision(input: z.infer<typeof accountInput>) {
  const account = await createAccount(input.platform, input.name);
  const now = await simNow();
  if (input.platform === 'linkedin') {
    const tokens = await grantTokens(LINKEDIN_SCOPES, account.externalId, now);
    return {
      externalId: account.externalId,
      name: account.name,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresIn: tokens.expires_in,
    };
  }
  const page = await issueToken({
    platform: 'facebook',
    kind: 'page',
    userId: SANDBOX_FACEBOOK_USER_ID,
    accountId: account.externalId,
    scopes: FACEBOOK_SCOPES,
    longLived: true,
    issuedAt: now,
    expiresAt: null,
  });
  return { externalId: account.externalId, name: account.name, accessToken: page.token };
}

const adminErrors: ErrorRequestHandler = (err, _req, res: Response, _next) => {
  if (err instanceof AppError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ error: { code: 'bad_body', message: 'The request body could not be read.' } });
    return;
  }
  logger.error({ err }, 'simulator admin failed');
  res.status(500).json({ error: { code: 'internal', message: 'The simulator failed; see the logs.' } });
};

/** Sandbox-only controls (not a platform API): accounts, faults, clock, stored posts. */
export function adminRouter(): Router {
  const router = Router();
  router.use(express.json({ limit: '100kb' }));
  router.post('/accounts', async (req, res) => {
    res.status(201).json(await provision(parseInput(accountInput, req.body, 'Account')));
  });
  router.get('/accounts', async (_req, res) => {
    res.json({ data: await listAccounts() });
  });
  router.get('/faults/:platform/:externalId', async (req, res) => {
    const { platform: p, externalId } = target(req.params);
    res.json(await getFaults(p, externalId));
  });
  router.put('/faults/:platform/:externalId', async (req, res) => {
    const { platform: p, externalId } = target(req.params);
    res.json(await setFaults(p, externalId, parseInput(faultInput, req.body, 'Faults')));
  });
  router.delete('/faults/:platform/:externalId', async (req, res) => {
    const { platform: p, externalId } = target(req.params);
    await clearFaults(p, externalId);
    res.status(204).end();
  });
  router.get('/clock', async (_req, res) => {
    const now = await simNow();
    res.json({ now: now.toISOString(), offsetMs: now.getTime() - Date.now() });
  });
  router.post('/clock', async (req, res) => {
    const { offsetMs } = parseInput(clockInput, req.body, 'Clock');
    res.json({ now: (await setClockOffset(offsetMs)).toISOString(), offsetMs });
  });
  router.get('/posts', async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const p = parseInput(platform, q.platform, 'platform') as Platform;
    if (!q.externalId) throw new AppError(400, 'validation_failed', 'externalId is required.');
    const now = await simNow();
    const posts = await listPosts(p, q.externalId);
    res.json({ data: posts.map(({ _id, ...post }) => ({ ...post, metrics: metricsAt(post, now) })) });
  });
  router.use(adminErrors);
  return router;
}
