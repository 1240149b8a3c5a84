import { Router } from 'express';
import { adminRouter } from './admin.routes.js';
import { facebookRouter } from './facebook/facebook.router.js';
import { feedsRouter } from './feeds.page.js';
import { linkedinRouter } from './linkedin/linkedin.router.js';
import { ensureSimulatorIndexes } from './store/sim.models.js';

export interface SimulatorOptions {
  /** Absolute URL where the router is mounted, e.g. http://localhost:3000/sandbox. */
  publicUrl: string;
}

/**
 * The Facebook Graph and LinkedIn REST simulator as a mountable router: /facebook,
 * /linkedin, /_admin, the feed pages (/) and images (/media/:id). Needs Mongoose and Redis
 * (server/lib/redis.ts) connected.
 */
export function createSimulator(options: SimulatorOptions): Router {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const router = Router();
  router.use(async (_req, res, next) => {
    res.locals.simPublicUrl = publicUrl;
    await ensureSimulatorIndexes();
    next();
  });
  router.use('/facebook', facebookRouter());
  router.use('/linkedin', linkedinRouter());
  router.use('/_admin', adminRouter());
  router.use(feedsRouter());
  return router;
}
