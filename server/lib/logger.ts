import { type Logger, pino } from 'pino';
import { loggerSettings } from '../config/index.js';

/**
 * Paths that may carry a secret anywhere they appear in a log line. Adapters and
 * services must never log tokens; this is the second net.
 */
export const redactPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'client_secret',
  '*.client_secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'config.headers.Authorization',
];

function build(): Logger {
  const { level, json } = loggerSettings();
  const pretty = !json && process.stdout.isTTY;
  return pino({
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}

/** The process logger. Level and format follow LOG_LEVEL and NODE_ENV (JSON in production). */
export let logger: Logger = build();

/** Tests swap in a logger that writes to a buffer they can inspect for leaked secrets. */
export function setLogger(next: Logger): void {
  logger = next;
}
