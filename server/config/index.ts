import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Env, envSchema } from './config.schema.js';

export type { TrustProxy } from './trust-proxy.js';

export type Config = Readonly<
  Omit<Env, 'DEMO_DATA' | 'SANDBOX_ENABLED'> & {
    SESSION_SECRET: string;
    ENCRYPTION_KEY: string;
    /** Demo hub on first run: DEMO_DATA, else on outside production. */
    DEMO_DATA: boolean;
    /** The platform simulator under /sandbox: SANDBOX_ENABLED, else on outside production. */
    SANDBOX_ENABLED: boolean;
    /** Absolute DATA_DIR. */
    dataDir: string;
    /** Base URL the web process is reachable at (PUBLIC_URL or http://localhost:PORT). */
    publicUrl: string;
  }
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment; throws ConfigError naming every bad variable. */
export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const relevant = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(relevant);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '?');
        const given = relevant[name];
        return `${name}${given === undefined ? '' : `=${JSON.stringify(redactIfSecret(name, given))}`}: ${issue.message}. Fix it in the environment or unset it to use the default (see README, Configuration).`;
      });
  problems.push(...productionProblems(relevant));
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems);
}

/**
 * Secrets generated per container would differ between web and worker and change on every
 * restart (sessions lost, stored tokens unreadable), so production must be given them.
 */
function productionProblems(env: Record<string, string | undefined>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const hints = {
    SESSION_SECRET: 'openssl rand -base64 48',
    ENCRYPTION_KEY: 'openssl rand -base64 32',
  };
  return Object.entries(hints)
    .filter(([name]) => env[name] === undefined)
    .map(
      ([name, hint]) =>
        `${name}: is required when NODE_ENV=production, the same value for the web and worker processes (generate one with \`${hint}\`; see README, Configuration).`,
    );
}

function redactIfSecret(name: string, value: string): string {
  // SMTP_URL carries the mail server's password.
  return /SECRET|KEY|PASSWORD|TOKEN|SMTP_URL/.test(name) ? '***' : value;
}

/**
 * Secrets that are not given are generated once into DATA_DIR/secrets.json (mode 600),
 * so that sessions and encrypted tokens survive a restart without anything committed.
 */
function resolveSecrets(env: Env, dataDir: string): { SESSION_SECRET: string; ENCRYPTION_KEY: string } {
  if (env.SESSION_SECRET && env.ENCRYPTION_KEY) {
    return { SESSION_SECRET: env.SESSION_SECRET, ENCRYPTION_KEY: env.ENCRYPTION_KEY };
  }
  const file = path.join(dataDir, 'secrets.json');
  let stored: Partial<Record<'SESSION_SECRET' | 'ENCRYPTION_KEY', string>> = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    stored = {};
  }
  const secrets = {
    SESSION_SECRET: env.SESSION_SECRET ?? stored.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    ENCRYPTION_KEY: env.ENCRYPTION_KEY ?? stored.ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
  };
  if (secrets.SESSION_SECRET !== stored.SESSION_SECRET || secrets.ENCRYPTION_KEY !== stored.ENCRYPTION_KEY) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseEnv(env);
  const dataDir = path.resolve(parsed.DATA_DIR);
  const secrets = resolveSecrets(parsed, dataDir);
  const notProduction = parsed.NODE_ENV !== 'production';
  return Object.freeze({
    ...parsed,
    ...secrets,
    DEMO_DATA: parsed.DEMO_DATA ?? notProduction,
    SANDBOX_ENABLED: parsed.SANDBOX_ENABLED ?? notProduction,
    dataDir,
    publicUrl: (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, ''),
  });
}

let current: Config | undefined;

/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  current ??= loadConfig();
  return current;
}

/** Replaces the process-wide configuration (start-up with embedded URIs, tests). */
export function setConfig(next: Config): Config {
  current = next;
  return next;
}

/**
 * Level and format for the logger, which is built before the full configuration is parsed
 * (so that a configuration error can still be logged). Invalid values fall back to defaults;
 * loadConfig reports them.
 */
export function loggerSettings(env: NodeJS.ProcessEnv = process.env): {
  level: Env['LOG_LEVEL'];
  json: boolean;
} {
  const nodeEnv = envSchema.shape.NODE_ENV.safeParse(env.NODE_ENV || undefined);
  const fallback = nodeEnv.data === 'test' ? 'silent' : 'info';
  const level = envSchema.shape.LOG_LEVEL.safeParse(env.LOG_LEVEL || fallback);
  return { level: level.success ? level.data : fallback, json: nodeEnv.data === 'production' };
}

/**
 * Where the embedded servers find their tools (MONGOMS_SYSTEM_BINARY, VITRINE_CACHE_DIR,
 * XDG_CACHE_HOME), for callers that run before a full configuration exists (test setup, scripts).
 */
export function toolPaths(env: NodeJS.ProcessEnv = process.env): { mongodBinary?: string; cacheDir: string } {
  const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return {
    mongodBinary: env.MONGOMS_SYSTEM_BINARY || undefined,
    cacheDir: env.VITRINE_CACHE_DIR || path.join(cacheHome, 'vitrine'),
  };
}

/** The environment for a child process (a build tool): this one's, with `extra` on top. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** The environment for a child process, with `defaults` for what the environment does not set. */
export function childEnvDefaults(defaults: Record<string, string>): NodeJS.ProcessEnv {
  return { ...defaults, ...process.env };
}
