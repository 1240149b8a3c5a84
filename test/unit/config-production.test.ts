import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/index.js';

const secrets = {
  SESSION_SECRET: 'x'.repeat(48),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'vitrine-config-prod-'));

describe('configuration in production', () => {
  it('fails start-up naming SESSION_SECRET and ENCRYPTION_KEY when they are not given, and generates nothing', () => {
    const dir = tmp();
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, PORT: 'eighty' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(/[=:]/)[0]).sort();
    expect(names).toEqual(['ENCRYPTION_KEY', 'PORT', 'SESSION_SECRET']);
    expect((error as Error).message).toContain('openssl rand');
    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);
  });

  it('defaults DEMO_DATA and SANDBOX_ENABLED to off in production, on elsewhere, and honours them when set', () => {
    const prod = loadConfig({ NODE_ENV: 'production', DATA_DIR: tmp(), ...secrets });
    expect([prod.DEMO_DATA, prod.SANDBOX_ENABLED]).toEqual([false, false]);
    const dev = loadConfig({ DATA_DIR: tmp() });
    expect([dev.DEMO_DATA, dev.SANDBOX_ENABLED]).toEqual([true, true]);
    const asked = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: tmp(),
      ...secrets,
      DEMO_DATA: 'true',
      SANDBOX_ENABLED: 'true',
    });
    expect([asked.DEMO_DATA, asked.SANDBOX_ENABLED]).toEqual([true, true]);
  });
});

/** Every .ts file under a directory. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('reading the environment', () => {
  it('happens only in server/config: everything else is given the parsed configuration', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const readers = ['server', 'workers']
      .flatMap((dir) => sources(path.join(root, dir)))
      .filter((file) => !file.startsWith(path.join(root, 'server/config/')))
      .filter((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          // Writing a variable for a native library (fontconfig) is not reading configuration.
          .some(
            (line) =>
              /process\.env\b/.test(line) &&
              !/^\s*(\/\/|\*)/.test(line) &&
              !/process\.env\.\w+\s*=[^=]/.test(line),
          ),
      )
      .map((file) => path.relative(root, file));
    expect(readers).toEqual([]);
  });
});
