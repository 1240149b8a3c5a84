import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { config } from './config/index.js';
import { dashboardRouter, renderErrorPage } from './dashboard/index.js';
import { errorHandler, notFoundHandler } from './lib/error-handler.js';
import { logger } from './lib/logger.js';
import { redis } from './lib/redis.js';
import { logStartupWarnings } from './lib/startup-checks.js';
import { loadUser, sessionLifetime, verifyCsrf } from './modules/auth/auth.middleware.js';
import { RedisSessionStore } from './modules/auth/redis-session-store.js';
import { healthRouter } from './modules/health/health.routes.js';
import { parseFormBeforeCsrf } from './modules/media/upload.js';
import { httpMetrics } from './modules/operations/http-metrics.js';
import { metricsRouter } from './modules/operations/metrics.routes.js';
import { queueBoardRouter } from './modules/operations/operations.routes.js';
import { verifyTiledJpeg } from './modules/rendering/jpeg-tiles.js';
import { apiRouter } from './routes.js';
import { sandboxRouter } from './simulator/mount.js';

/** Builds the web app: middleware → routes → errors. Connections (Mongo, Redis, queues) are opened by the caller. */
export function createApp(): Express {
  const cfg = config();
  const app = express();
  app.disable('x-powered-by');
  // Only the configured proxies may say who the client is (login throttling keys on it).
  app.set('trust proxy', cfg.TRUST_PROXY);
  const lifetime = sessionLifetime();

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/static/') === true },
    }),
  );
  app.use(httpMetrics);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'blob:'],
          'form-action': ["'self'", 'http:', 'https:'],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: cfg.NODE_ENV === 'production',
    }),
  );
  app.use(healthRouter);
  app.use(metricsRouter());
  const sessions = session({
    name: 'vitrine.sid',
    secret: cfg.SESSION_SECRET,
    store: new RedisSessionStore(redis(), `${cfg.REDIS_PREFIX}:`, lifetime),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: lifetime.idleSeconds * 1000 },
  });
  // Mounted before the body parsers: the simulator parses platform bodies its own way.
  if (cfg.SANDBOX_ENABLED)
    app.use('/sandbox', sandboxRouter(`${cfg.publicUrl}/sandbox`, [sessions, loadUser]));

  app.use(express.json({ limit: '1mb', strict: true }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(sessions);
  app.use(loadUser);
  app.use(queueBoardRouter());
  app.use(parseFormBeforeCsrf);
  app.use(verifyCsrf);

  app.use('/api/v1', apiRouter());
  app.use(dashboardRouter());

  app.use(notFoundHandler);
  app.use(errorHandler(renderErrorPage));
  logStartupWarnings(cfg);
  // Never rejects: a failed check only switches tiling off and logs why.
  void verifyTiledJpeg();
  return app;
}
