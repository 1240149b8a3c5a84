import { Router } from 'express';
import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../users/user.service.js';
import { csrfToken, requireAuth } from './auth.middleware.js';
import { signIn, signOut } from './auth.service.js';
import type { LoginThrottle } from './login-throttle.js';

const loginSchema = z.strictObject({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(200),
});
const tokenSchema = z.strictObject({ name: z.string().trim().min(1, 'is required').max(80) });

export function authRouter(throttle: LoginThrottle): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const { email, password } = parseInput(loginSchema, req.body, 'Sign-in');
    const user = await signIn(req, throttle, email, password);
    res.json({ user, csrfToken: csrfToken(req) });
  });

  router.post('/logout', async (req, res) => {
    await signOut(req);
    res.status(204).end();
  });

  router.get('/me', requireAuth, (req, res) => {
    res.json({ user: req.user, csrfToken: req.authVia === 'session' ? csrfToken(req) : undefined });
  });

  router.get('/tokens', requireAuth, async (req, res) => {
    res.json({ data: await listApiTokens(req.user!.id) });
  });

  router.post('/tokens', requireAuth, async (req, res) => {
    const { name } = parseInput(tokenSchema, req.body, 'API token');
    res.status(201).json(await createApiToken(req.user!.id, name));
  });

  router.delete('/tokens/:id', requireAuth, async (req, res) => {
    await revokeApiToken(req.user!.id, parseInput(objectId, req.params.id, 'Token id'));
    res.status(204).end();
  });

  return router;
}
