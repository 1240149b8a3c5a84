import { IANAZone } from 'luxon';
import { z } from 'zod';
import { trustProxySchema } from './trust-proxy.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A whole number within bounds, with one message that says which. */
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const message =
    max === Number.MAX_SAFE_INTEGER
      ? `must be a whole number ≥ ${min}`
      : `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};
const port = () => int(0, 65535);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** Every environment variable Vitrine reads, with its default. The README lists the same. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port().default(3000),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  MONGODB_URI: url(['mongodb:', 'mongodb+srv:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('vitrine'),
  DATA_DIR: z.string().min(1).default('.data'),
  HUB_TIMEZONE: z
    .string()
    .refine((v) => IANAZone.isValidZone(v), 'must be an IANA time zone such as America/Toronto')
    .default('America/Toronto'),
  HUB_NAME: z.string().min(1).default("Pôle de l'économie sociale de l'Estrie"),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
  ENCRYPTION_KEYS_OLD: z.string().optional(),
  // Security and production defaults (issue 11). Unset booleans here default by NODE_ENV in loadConfig.
  SESSION_IDLE_MINUTES: int(5, 7 * 24 * 60).default(8 * 60),
  SESSION_MAX_AGE_HOURS: int(1, 90 * 24).default(7 * 24),
  TRUST_PROXY: trustProxySchema.default(false),
  LOGIN_FAILURES_PER_ADDRESS: int(1).default(100),
  SANDBOX_ENABLED: bool.optional(),
  LINKEDIN_SUNSET_WARNING_DAYS: int(0, 365).default(60),
  MONGOMS_SYSTEM_BINARY: z.string().optional(),
  VITRINE_CACHE_DIR: z.string().optional(),
  XDG_CACHE_HOME: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: bool.optional(),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  WORKERS: bool.default(true),
  WORKER_CONCURRENCY: int(1, 64).default(4),
  METRICS_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters (openssl rand -hex 32)')
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces only')
    .optional(),
  METRICS_PORT: port().optional(),
  MAX_UPLOAD_BYTES: int(1024).default(10 * 1024 * 1024),
  /** Largest logo or photo upload: a phone photo of 12 MB or more is downscaled, not refused. */
  MAX_IMAGE_UPLOAD_BYTES: int(1024).default(40 * 1024 * 1024),
  MAX_IMAGE_PIXELS: int(1).default(40_000_000),
  // Bounded memory and storage: the in-process caches' shared budget, and how long an
  // unreferenced render or an old render batch is kept before the maintenance sweep.
  CACHE_MB: int(1, 4096).default(64),
  /** Images a process draws at once; unset: one per core (os.availableParallelism()). */
  RENDER_CONCURRENCY: int(1, 64).optional(),
  RENDER_GRACE_HOURS: int(0, 24 * 365).default(72),
  FERRETDB_PORT: port().default(27027),
  FACEBOOK_APP_ID: z.string().optional(),
  FACEBOOK_APP_SECRET: z.string().optional(),
  FACEBOOK_GRAPH_URL: url(['http:', 'https:']).default('https://graph.facebook.com'),
  FACEBOOK_OAUTH_URL: url(['http:', 'https:']).default('https://www.facebook.com'),
  FACEBOOK_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d$/, 'like v25.0')
    .default('v25.0'),
  FACEBOOK_POST_METRICS: z
    .string()
    .default(
      'post_media_view,post_total_media_view_unique,post_clicks,post_clicks_by_type,post_reactions_by_type_total',
    ),
  LINKEDIN_CLIENT_ID: z.string().optional(),
  LINKEDIN_CLIENT_SECRET: z.string().optional(),
  LINKEDIN_API_URL: url(['http:', 'https:']).default('https://api.linkedin.com'),
  LINKEDIN_OAUTH_URL: url(['http:', 'https:']).default('https://www.linkedin.com'),
  LINKEDIN_VERSION: z
    .string()
    .regex(/^\d{6}$/, 'like 202607 (YYYYMM)')
    .default('202607'),
  // Scheduling and publishing (ms unless said otherwise).
  /** A publication whose time passed by at most this much while nothing ran is still published. */
  PUBLISH_GRACE_MS: int(0).default(15 * 60_000),
  /** How long a publishing worker may stay silent (a live one renews it) before its outcome is presumed unknown. */
  PUBLISH_LEASE_MS: int(1000).default(10 * 60_000),
  /** Attempts after which retryable failures become a failure staff see. */
  PUBLISH_MAX_ATTEMPTS: int(1, 50).default(6),
  /** First retry delay; doubles each attempt, with jitter, capped at one hour. */
  PUBLISH_BACKOFF_MS: int(0).default(30_000),
  /** Posts per minute, per channel and per platform (all channels of that platform). */
  PUBLISH_CHANNEL_RATE: int(1).default(6),
  PUBLISH_PLATFORM_RATE: int(1).default(120),
  /** Wait before reading the page back after an unknown outcome, and how often to try. */
  VERIFY_DELAY_MS: int(0).default(30_000),
  VERIFY_MAX_TRIES: int(1, 50).default(5),
  RECONCILE_INTERVAL_MS: int(1000).default(60_000),
  PREFLIGHT_INTERVAL_MS: int(1000).default(5 * 60_000),
  /** The earliest a publication can be scheduled, from now, and the latest, in days. */
  SCHEDULE_MIN_LEAD_MS: int(0).default(60_000),
  SCHEDULE_MAX_DAYS: int(1, 3650).default(365),
  /** BullMQ job lock: a worker silent this long (crashed) loses its job to another worker. */
  WORKER_LOCK_MS: int(1000).default(30_000),
  // Statistics collection (issue 10): how often a published post's metrics are read.
  /** How often the stats job looks for publications whose metrics are due. */
  STATS_TICK_MS: int(1000).default(10 * 60_000),
  /** Reading interval in the first STATS_EARLY_HOURS after publication. */
  STATS_EARLY_INTERVAL_MINUTES: int(1).default(60),
  STATS_EARLY_HOURS: int(0).default(48),
  /** Reading interval after the first hours, until STATS_LATE_AFTER_DAYS. */
  STATS_INTERVAL_MINUTES: int(1).default(6 * 60),
  /** From this age on, metrics are read every STATS_LATE_INTERVAL_MINUTES. */
  STATS_LATE_AFTER_DAYS: int(0).default(30),
  STATS_LATE_INTERVAL_MINUTES: int(1).default(24 * 60),
  /** Past this age a post's metrics are no longer read (its snapshots stay). */
  STATS_STOP_AFTER_DAYS: int(1).default(90),
  /** Publications claimed by one stats run at most; the rest wait for the next tick. */
  STATS_MAX_PER_RUN: int(1).default(20_000),
  /** Channels read at once by one stats run. */
  STATS_CHANNEL_CONCURRENCY: int(1, 256).default(4),
  // Approval links and notifications.
  /** SMTP server for email (smtp:// or smtps://, credentials in the URL); without it mail goes to the outbox page. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Vitrine <vitrine@localhost>'),
  /** Signs emailed approval links (HMAC-SHA256); derived from SESSION_SECRET when unset. */
  APPROVAL_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Days an emailed approval link stays valid. */
  APPROVAL_LINK_DAYS: int(1, 60).default(7),
  /** Days a report's share link (for funders without an account) stays valid. */
  REPORT_LINK_DAYS: int(1, 365).default(30),
});

export type Env = z.infer<typeof envSchema>;
