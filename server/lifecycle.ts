import type { Server } from 'node:http';
import { logger } from './lib/logger.js';

type Closer = () => Promise<void>;

/**
 * Runs the closers in order on SIGINT/SIGTERM: stop accepting HTTP, drain requests and
 * jobs in flight, then close connections. A second signal exits at once.
 */
export function onShutdown(closers: Closer[]): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests and jobs');
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than 30 s: exiting');
      process.exit(1);
    }, 30_000);
    timer.unref();
    for (const close of closers) {
      try {
        await close();
      } catch (err) {
        logger.error({ err }, 'error during shutdown');
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Stops accepting connections and resolves when the requests in flight have finished. */
export function closeHttp(server: Server): Closer {
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
}
