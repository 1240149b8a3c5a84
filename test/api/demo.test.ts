import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedDemoIfEmpty } from '../../server/modules/demo/demo.service.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
});
afterAll(async () => {
  await app?.close();
});

describe('demo data', () => {
  it('creates 16 members with logos, 3 campaigns with ads (one ready to plan) and one user per role, once', async () => {
    const first = await seedDemo();
    expect(first.users.map((u) => u.role).sort()).toEqual(['admin', 'member', 'strategist']);
    const second = await seedDemo();
    expect(second.users).toEqual([]);

    const enterprises = await admin.api.get('/api/v1/enterprises?limit=100');
    expect(enterprises.body.total).toBe(16);
    const logo = await admin.api.get(enterprises.body.data[0].logoUrl);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    const campaigns = await admin.api.get('/api/v1/campaigns');
    expect(campaigns.body.data.map((c: { name: string }) => c.name).sort()).toEqual([
      'Entreprise à valeurs ajoutées?',
      "L'économie sociale, j'achète!",
      "Mois de l'économie sociale",
    ]);
    const ads = await admin.api.get('/api/v1/ads?status=draft&limit=100');
    expect(ads.body.total).toBe(7);
    const ready = await admin.api.get('/api/v1/ads?status=ready&limit=100');
    expect(ready.body.total).toBe(3);

    const member = first.users.find((u) => u.role === 'member')!;
    const login = await app
      .anonymous()
      .post('/api/v1/auth/login', { email: member.email, password: member.password });
    expect(login.status).toBe(200);
    expect(await seedDemoIfEmpty()).toBeUndefined();
  });
});
