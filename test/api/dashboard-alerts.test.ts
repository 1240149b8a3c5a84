import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSandbox, markNeedsReconnection } from '../../server/modules/channels/channel.service.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('the staff alert for channels needing reconnection', () => {
  it('shows on every dashboard page for staff once a channel needs reconnection, and never to members', async () => {
    const admin = await app.createUser('admin', { email: 'alert-admin@example.test' });
    const staff = (await signInToDashboard(app, admin.user.email)).client;
    const channel = await connectSandbox({ platform: 'facebook', name: 'Pôle test' });
    const before = await staff.get('/enterprises', { headers: { accept: 'text/html' } });
    expect(before.status).toBe(200);
    expect(before.text).not.toContain('href="/channels">Voir les canaux');

    await markNeedsReconnection(channel.id, 'Token revoked (190)');
    const after = await staff.get('/enterprises', { headers: { accept: 'text/html' } });
    expect(after.text).toContain('1 canal(aux) à reconnecter');
    expect(after.text).toContain('href="/channels">Voir les canaux');

    const enterprise = await admin.api.post('/api/v1/enterprises', {
      name: 'Coop Témoin',
      legalForm: 'worker_coop',
      territory: 'Sherbrooke',
      sector: 'food',
    });
    expect(enterprise.status).toBe(201);
    const member = await app.createUser('member', {
      enterpriseId: enterprise.body.id,
      email: 'alert-member@example.test',
    });
    const memberPage = await (await signInToDashboard(app, member.user.email)).client.get('/enterprises', {
      headers: { accept: 'text/html' },
    });
    expect(memberPage.status).toBe(200);
    expect(memberPage.text).not.toContain('canal(aux) à reconnecter');
  });
});
