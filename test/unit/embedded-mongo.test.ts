import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveMongo } from '../../server/lib/embedded/mongo-server.js';
import { freePort } from '../../server/lib/embedded/process.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('the embedded MongoDB-compatible server', () => {
  it('uses MONGODB_URI as given, starting nothing', async () => {
    const target = await resolveMongo({
      uri: 'mongodb://db.example:27017/vitrine',
      dataDir: '/nonexistent',
      port: 1,
    });
    expect(target).toMatchObject({ kind: 'uri', uri: 'mongodb://db.example:27017/vitrine' });
  });

  it('lists every way out when no server can be found, built or downloaded', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'vitrine-nomongo-'));
    process.env.PATH = '/nonexistent';
    process.env.VITRINE_CACHE_DIR = tmp;
    process.env.MONGOMS_DOWNLOAD_URL = 'http://127.0.0.1:9/mongodb.tgz';
    process.env.MONGOMS_DOWNLOAD_DIR = tmp;
    delete process.env.MONGOMS_SYSTEM_BINARY;
    const error = await resolveMongo({ dataDir: tmp, port: await freePort() }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toContain('No MongoDB-compatible server could be found or started');
    expect(error?.message).toContain('no mongod on PATH');
    expect(error?.message).toContain('FerretDB: no cached launcher and no Go toolchain');
    expect(error?.message).toMatch(/Ways out: set MONGODB_URI/);
  });
});
