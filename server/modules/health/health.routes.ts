import { Router } from 'express';
import { pingMongo } from '../../lib/mongo.js';
import { pingRedis } from '../../lib/redis.js';

/** /healthz: the process is alive. /readyz: MongoDB and Redis answer, else 503 naming which. */
export const healthRouter = Router();

healthRouter.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

healthRouter.get('/readyz', async (_req, res) => {
  const [mongodb, redis] = await Promise.all([pingMongo(), pingRedis()]);
  const down = [!mongodb && 'mongodb', !redis && 'redis'].filter(Boolean);
  if (down.length === 0) res.json({ status: 'ready', mongodb: 'up', redis: 'up' });
  else
    res.status(503).json({
      error: {
        code: 'not_ready',
        message: `Not ready: ${down.join(' and ')} unreachable.`,
        details: { mongodb: mongodb ? 'up' : 'down', redis: redis ? 'up' : 'down' },
      },
    });
});
