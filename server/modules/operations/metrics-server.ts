import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../../lib/logger.js';
import { metricsExposition } from '../../lib/metrics.js';

/**
 * Serves this process's GET /metrics, without a token, on its own port (METRICS_PORT), so
 * that a worker process, which has no web server, can be scraped. The port must stay on a
 * private network. Plain node:http: workers do not load Express.
 */
export async function startMetricsServer(port: number, host?: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    metricsExposition().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        logger.error({ err }, 'metrics: exposition failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  logger.info({ port: (server.address() as AddressInfo).port }, 'metrics listening');
  return server;
}
