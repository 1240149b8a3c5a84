import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedinVersionStatus } from '../../server/config/linkedin-version.js';
import { setLogger } from '../../server/lib/logger.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';

/** The version released eleven months ago: its sunset is at most a month away. */
function versionNearSunset(now = new Date()): string {
  const released = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return `${released.getUTCFullYear()}${String(released.getUTCMonth() + 1).padStart(2, '0')}`;
}

let app: TestApp;
const lines: string[] = [];
beforeAll(async () => {
  app = await startTestApp({
    env: { LINKEDIN_VERSION: versionNearSunset() },
    beforeApp: () => {
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      setLogger(pino({ level: 'info' }, sink));
    },
  });
});
afterAll(async () => {
  await app?.close();
});

describe('LinkedIn version sunset', () => {
  it('counts 12 months from the version’s month and warns within 60 days', () => {
    const status = (iso: string) => linkedinVersionStatus('202607', new Date(iso), 60);
    expect(status('2027-01-01T00:00:00Z').sunset.toISOString()).toBe('2027-07-01T00:00:00.000Z');
    expect(status('2027-05-01T00:00:00Z')).toMatchObject({ daysLeft: 61, warn: false });
    expect(status('2027-05-02T00:00:00Z')).toMatchObject({ daysLeft: 60, warn: true });
    expect(status('2027-08-01T00:00:00Z').warn).toBe(true);
  });

  it('when the configured version is near its sunset, start-up logs a warning naming LINKEDIN_VERSION', () => {
    const warning = lines.map((l) => JSON.parse(l)).find((l) => l.linkedinVersion);
    expect(warning).toMatchObject({ level: 40, linkedinVersion: versionNearSunset() });
    expect(warning.msg).toContain('update LINKEDIN_VERSION');
  });

  it('admins see a banner on every page; other staff do not', async () => {
    const admin = await app.createUser('admin', { locale: 'en' });
    const { client } = await signInToDashboard(app, admin.user.email);
    const page = await client.get('/', { headers: browser });
    expect(page.text).toContain('id="linkedin-version-alert"');
    expect(page.text).toMatch(/update LINKEDIN_VERSION/);

    const strategist = await app.createUser('strategist');
    const other = await signInToDashboard(app, strategist.user.email);
    expect((await other.client.get('/', { headers: browser })).text).not.toContain('linkedin-version-alert');
  });
});
