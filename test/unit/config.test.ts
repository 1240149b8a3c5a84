import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseEnv } from '../../server/config/index.js';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATA_DIR: '.data',
      HUB_TIMEZONE: 'America/Toronto',
      REDIS_PREFIX: 'vitrine',
    });
    expect(env.MONGODB_URI).toBeUndefined();
  });

  it('names every bad variable and how to fix it in one error', () => {
    let error: unknown;
    try {
      parseEnv({
        PORT: 'eighty',
        HUB_TIMEZONE: 'Mars/Olympus',
        MONGODB_URI: 'http://db',
        ENCRYPTION_KEY: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(/[=:]/)[0]).sort()).toEqual([
      'ENCRYPTION_KEY',
      'HUB_TIMEZONE',
      'MONGODB_URI',
      'PORT',
    ]);
    expect(problems.find((p) => p.startsWith('HUB_TIMEZONE'))).toContain('IANA time zone');
    expect(problems.find((p) => p.startsWith('PORT'))).toContain('must be a whole number from 0 to 65535');
    expect(problems.find((p) => p.startsWith('ENCRYPTION_KEY'))).not.toContain('short');
    expect((error as Error).message).toContain('README');
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ PORT: '', MONGODB_URI: '' }).PORT).toBe(3000);
  });

  it('generates the session secret and encryption key once into DATA_DIR, readable by the owner only', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vitrine-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(first.ENCRYPTION_KEY, 'base64')).toHaveLength(32);
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET);
    expect(second.ENCRYPTION_KEY).toBe(first.ENCRYPTION_KEY);
    const file = path.join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).ENCRYPTION_KEY).toBe(first.ENCRYPTION_KEY);
  });

  it('freezes the configuration', () => {
    const cfg = loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vitrine-config-')) });
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it('names a bad SMTP_URL without echoing it, since it holds the mail password', () => {
    let error: unknown;
    try {
      parseEnv({ SMTP_URL: 'mail://user:hunter2-secret@mail.example.org' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('SMTP_URL');
    expect(message).toContain('smtp://');
    expect(message).not.toContain('hunter2-secret');
  });
});
