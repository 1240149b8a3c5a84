import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config/index.js';
import { ensureAdminFromEnv } from './modules/demo/bootstrap.js';
import { type DemoCredentials, seedDemoIfEmpty } from './modules/demo/demo.service.js';

/**
 * First-run data: the admin from ADMIN_EMAIL/ADMIN_PASSWORD, then the demo hub when the
 * database is empty. Demo passwords are generated once and kept in DATA_DIR (mode 600) so
 * that every `npm start` can print them again.
 */
export async function prepareData(cfg: Config): Promise<DemoCredentials['users']> {
  await ensureAdminFromEnv();
  const file = path.join(cfg.dataDir, 'demo-credentials.json');
  const seeded = await seedDemoIfEmpty();
  if (seeded && seeded.users.length > 0) {
    writeFileSync(file, JSON.stringify(seeded.users, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  if (!cfg.DEMO_DATA || !existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials['users'];
}

export function formatCredentials(users: DemoCredentials['users']): string {
  if (users.length === 0) return '';
  const rows = users.map((u) => `    ${u.role.padEnd(11)} ${u.email.padEnd(32)} ${u.password}`);
  return `  Demo accounts (sign in with one of these):\n${rows.join('\n')}\n`;
}
