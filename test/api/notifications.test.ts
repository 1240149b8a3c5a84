import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../server/modules/notifications/notification.service.js';
import type { TestUser } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';
import { until } from '../setup/poll.js';
import {
  adFor,
  type Hub,
  sandboxChannel,
  schedule,
  settled,
  startHub,
} from '../workers/publishing.helpers.js';

/**
 * Notifications from the engine, with workers running and no SMTP_URL: email is kept for
 * the admins' outbox, which these tests read instead of a mailbox.
 */
let hub: Hub;
let strategist: TestUser;
let member: TestUser;
let heldId: string;

type Note = { id: string; kind: string; title: string; read: boolean };
const notesOf = async (user: TestUser) =>
  (await user.api.get('/api/v1/notifications?limit=100')).body as { data: Note[]; unread: number };

beforeAll(async () => {
  hub = await startHub();
  strategist = await hub.app.createUser('strategist', { email: 'strat@example.test', locale: 'en' });
  member = await hub.app.createUser('member', { enterpriseId: hub.enterpriseId });
  const off = await strategist.api.put('/api/v1/notifications/preferences', {
    email: { publication_held: false },
  });
  expect(off.status).toBe(200);
  const channel = await sandboxChannel(hub, 'facebook', 'Page au jeton expiré');
  await hub.sandbox.fault('facebook', channel.externalId, { tokenExpired: true });
  const [id] = await schedule(hub, await adFor(hub, 'Retenue'), [channel.id], 1500);
  heldId = id!;
  expect((await settled(hub, heldId, ['held', 'published', 'failed'])).status).toBe('held');
});
afterAll(() => hub?.app.close());

describe('notifications of engine problems', () => {
  it('a held publication and its channel to reconnect notify each staff member once, in their language', async () => {
    const admin = await until(
      () => notesOf(hub.admin),
      (n) => ['publication_held', 'channel_reconnect'].every((k) => n.data.some((x) => x.kind === k)),
    );
    expect(admin.data.filter((n) => n.kind === 'publication_held')).toHaveLength(1);
    expect(admin.data.filter((n) => n.kind === 'channel_reconnect')).toHaveLength(1);
    expect(admin.data.find((n) => n.kind === 'publication_held')?.title).toMatch(/^Publication retenue/);
    const english = await until(
      () => notesOf(strategist),
      (n) => n.data.some((x) => x.kind === 'publication_held'),
    );
    expect(english.data.find((n) => n.kind === 'publication_held')?.title).toMatch(/^Publication held/);
    expect((await notesOf(member)).data).toEqual([]);
  });

  it('email follows each person’s preferences; without SMTP it waits in an outbox only admins read', async () => {
    const outbox = await until(
      async () =>
        (await hub.admin.api.get('/api/v1/notifications/outbox')).body.data as {
          to: string;
          subject: string;
        }[],
      (list) => list.some((m) => m.to === hub.admin.user.email && /retenue/.test(m.subject)),
    );
    expect(outbox.some((m) => m.to === hub.admin.user.email && /Publication retenue/.test(m.subject))).toBe(
      true,
    );
    expect(outbox.some((m) => m.to === 'strat@example.test' && /Channel to reconnect/.test(m.subject))).toBe(
      true,
    );
    expect(outbox.some((m) => m.to === 'strat@example.test' && /Publication held/.test(m.subject))).toBe(
      false,
    );
    expect((await strategist.api.get('/api/v1/notifications/outbox')).status).toBe(404);
    expect((await member.api.get('/api/v1/notifications/outbox')).status).toBe(404);
  });

  it('each user marks only their own notifications read', async () => {
    const before = await notesOf(hub.admin);
    const note = before.data.find((n) => !n.read)!;
    expect((await member.api.post(`/api/v1/notifications/${note.id}/read`)).status).toBe(404);
    expect((await strategist.api.post(`/api/v1/notifications/${note.id}/read`)).status).toBe(404);
    expect((await hub.admin.api.post(`/api/v1/notifications/${note.id}/read`)).status).toBe(204);
    expect((await notesOf(hub.admin)).unread).toBe(before.unread - 1);
    expect((await strategist.api.post('/api/v1/notifications/read-all')).status).toBe(200);
    expect((await notesOf(strategist)).unread).toBe(0);
    expect((await notesOf(hub.admin)).unread).toBe(before.unread - 1);
    expect((await hub.admin.api.post('/api/v1/notifications/not-an-id/read')).status).toBe(400);
  });

  it('bad preferences answer 400 naming the field', async () => {
    const res = await member.api.put('/api/v1/notifications/preferences', {
      email: { approval_asked: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('email.approval_asked');
    const unknown = await member.api.put('/api/v1/notifications/preferences', { email: { gossip: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('email.gossip');
    expect((await member.api.get('/api/v1/notifications/preferences')).body.email.approval_asked).toBe(true);
  });

  it('the dashboard bell shows the unread count and the page marks them read', async () => {
    const { client, csrf } = await signInToDashboard(hub.app, hub.admin.user.email);
    const unread = (await notesOf(hub.admin)).unread;
    expect(unread).toBeGreaterThan(0);
    const home = await client.get('/', { headers: browser });
    expect(home.text).toContain(`<span class="bell-count" aria-hidden="true">${unread}</span>`);
    const page = await client.get('/notifications', { headers: browser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Publication retenue');
    expect(page.text).toContain('href="/outbox"');
    const done = await client.request('POST', '/notifications/read-all', form({ _csrf: csrf }));
    expect(done.status).toBe(303);
    expect((await client.get('/', { headers: browser })).text).not.toContain('bell-count');
    expect((await client.get('/outbox', { headers: browser })).status).toBe(200);
    const memberPages = await signInToDashboard(hub.app, member.user.email);
    expect((await memberPages.client.get('/outbox', { headers: browser })).status).toBe(404);
  });
});

describe('the outbox without SMTP', () => {
  it('records the attachments’ names and sizes and shows them on /outbox', async () => {
    const result = await notify({
      kind: 'report_ready',
      key: 'report:outbox-attachment-test',
      params: { month: '2026-10', scope: 'Coop de l’outbox', version: '1' },
      link: '/reports',
      to: { staff: true },
      attachments: async (locale) => [
        {
          filename: `rapport-2026-10-coop-outbox-${locale}.pdf`,
          content: Buffer.alloc(5 * 1024, 1),
          contentType: 'application/pdf',
        },
      ],
    });
    expect(result.emailed).toBeGreaterThan(0);
    type Kept = { to: string; subject: string; attachments: { filename: string; size: number }[] };
    const kept = await until(
      async () =>
        ((await hub.admin.api.get('/api/v1/notifications/outbox')).body.data as Kept[]).find(
          (m) => m.to === hub.admin.user.email && m.subject.includes('Coop de l’outbox'),
        ),
      (m) => m !== undefined,
    );
    expect(kept?.attachments).toEqual([
      { filename: 'rapport-2026-10-coop-outbox-fr.pdf', size: 5120, contentType: 'application/pdf' },
    ]);
    const { client } = await signInToDashboard(hub.app, hub.admin.user.email);
    const page = await client.get('/outbox', { headers: browser });
    expect(page.text).toContain('Pièces jointes :');
    expect(page.text).toContain('rapport-2026-10-coop-outbox-fr.pdf (5 Ko)');
  });
});
