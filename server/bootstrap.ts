import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createApp } from './app.js';
import type { Config } from './config/index.js';
import { ensureAdminFromEnv } from './modules/demo/bootstrap.js';
import { type DemoCredentials, seedDemoIfEmpty } from './modules/demo/demo.service.js';
import { seedDemoChannelsIfNone } from './modules/demo/demo-channels.js';
import { seedDemoHistoryIfNone } from './modules/demo/demo-history.js';
import { seedDemoPublicationsIfNone } from './modules/demo/demo-publications.js';
import { buildDemoReportsIfNone } from './modules/reports/report-build.js';

/**
 * First-run data: the admin from ADMIN_EMAIL/ADMIN_PASSWORD, then the demo hub when the
 * database is empty. Outside production, demo passwords are generated once and kept in
 * DATA_DIR (mode 600) so that every `npm start` can print them again.
 */
export async function prepareData(cfg: Config): Promise<DemoCredentials['users']> {
  await ensureAdminFromEnv();
  const file = path.join(cfg.dataDir, 'demo-credentials.json');
  const seeded = await seedDemoIfEmpty();
  // A production log or volume must never hold working passwords: an admin sets them instead.
  if (cfg.NODE_ENV === 'production') return [];
  if (seeded && seeded.users.length > 0) {
    mkdirSync(cfg.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(seeded.users, null, 2), { mode: 0o600 });
  }
  if (!cfg.DEMO_DATA || !existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials['users'];
}

export function formatCredentials(users: DemoCredentials['users']): string {
  if (users.length === 0) return '';
  const rows = users.map((u) => `    ${u.role.padEnd(11)} ${u.email.padEnd(32)} ${u.password}`);
  return `  Demo accounts (sign in with one of these):\n${rows.join('\n')}\n`;
}

/**
 * Serves the web app on PORT once the first-run data exists, then connects the demo's
 * sandbox channels (they are provisioned through the simulator's HTTP endpoints).
 */
export async function serveWeb(
  cfg: Config,
): Promise<{ server: Server; credentials: DemoCredentials['users'] }> {
  const credentials = await prepareData(cfg);
  const server = createServer(createApp());
  await new Promise<void>((resolve) => server.listen(cfg.PORT, resolve));
  await seedDemoChannelsIfNone();
  await seedDemoPublicationsIfNone();
  // After the upcoming publications: those are only seeded while there is no publication.
  await seedDemoHistoryIfNone();
  // Last, once the demo's published history exists: last month's reports to read at once.
  await buildDemoReportsIfNone();
  return { server, credentials };
}
