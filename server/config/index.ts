import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Env, envSchema } from './config.schema.js';

export type Config = Readonly<
  Env & {
    SESSION_SECRET: string;
    ENCRYPTION_KEY: string;
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
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const given = relevant[name];
      return `${name}${given === undefined ? '' : `=${JSON.stringify(redactIfSecret(name, given))}`}: ${issue.message}. Fix it in the environment or unset it to use the default (see README, Configuration).`;
    }),
  );
}

function redactIfSecret(name: string, value: string): string {
  return /SECRET|KEY|PASSWORD|TOKEN/.test(name) ? '***' : value;
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
  return Object.freeze({
    ...parsed,
    ...secrets,
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
