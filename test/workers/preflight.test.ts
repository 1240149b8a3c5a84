import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflight, stageFor } from '../../server/modules/scheduling/preflight.service.js';
import { reconcile } from '../../server/modules/scheduling/reconcile.service.js';
import { renderAd } from '../../server/use-cases/render-ad.js';
import { until } from '../setup/poll.js';
import { adFor, type Hub, publication, sandboxChannel, schedule, startHub } from './publishing.helpers.js';

/** Pre-flight checks run alone here (no worker), on publications due in the next 24 h. */
let hub: Hub;

beforeAll(async () => {
  hub = await startHub({ workers: false });
});
afterAll(() => hub?.app.close());

const codes = async (id: string) =>
  ((await publication(hub, id)).preflight.problems as { code: string }[]).map((p) => p.code).sort();

describe('pre-flight checks', () => {
  it('check at T-24 h and again at T-1 h', () => {
    const now = Date.now();
    expect(stageFor(new Date(now + 30 * 3_600_000), now)).toBe('none');
    expect(stageFor(new Date(now + 5 * 3_600_000), now)).toBe('24h');
    expect(stageFor(new Date(now + 30 * 60_000), now)).toBe('1h');
  });

  it('pass when the channel, token, render, caption and approval are in order', async () => {
    const channel = await sandboxChannel(hub, 'facebook', 'Page en ordre');
    const adId = await adFor(hub, 'Tout est prêt');
    await renderAd(adId);
    const [id] = await schedule(hub, adId, [channel.id], 5 * 3_600_000);
    await preflight();
    const pub = await publication(hub, id!);
    expect(pub.preflight.stage).toBe('24h');
    expect(pub.preflight.problems).toEqual([]);
  });

  it('flag a revoked token, a missing render and a missing approval, where staff see them', async () => {
    const channel = await sandboxChannel(hub, 'linkedin', 'Jeton révoqué');
    const adId = await adFor(hub, 'Pas encore approuvée');
    // Scheduling refuses an ad lacking a required approval: the requirement comes after.
    const [id] = await schedule(hub, adId, [channel.id], 30 * 60_000);
    await hub.admin.api.patch(`/api/v1/ads/${adId}`, { approval: { required: true } });
    await hub.sandbox.fault('linkedin', channel.externalId, { tokenRevoked: true });
    await preflight();
    expect((await publication(hub, id!)).preflight.stage).toBe('1h');
    expect(await codes(id!)).toEqual(['approval_missing', 'render_missing', 'token_invalid']);
    expect((await hub.admin.api.get(`/api/v1/channels/${channel.id}`)).body.status).toBe(
      'needs_reconnection',
    );
    const listed = await hub.admin.api.get(`/api/v1/publications/${id}`);
    expect(listed.body.preflight.problems.length).toBe(3);
  });

  it('hold, at T-1 h, a publication whose ad is not approved, until it is approved', async () => {
    const channel = await sandboxChannel(hub, 'facebook', 'Approbation tardive');
    const adId = await adFor(hub, 'Approbation tardive');
    await renderAd(adId);
    const [id] = await schedule(hub, adId, [channel.id], 30 * 60_000);
    await hub.admin.api.patch(`/api/v1/ads/${adId}`, { approval: { required: true } });
    await preflight();
    const pub = await publication(hub, id!);
    expect(pub.status).toBe('held');
    expect(pub.statusReason).toMatch(/not approved .* once approved, the publication resumes/);
    const notes = await until(
      async () => (await hub.admin.api.get('/api/v1/notifications')).body.data as { kind: string }[],
      (list) => list.some((n) => n.kind === 'publication_held'),
    );
    expect(notes.map((n) => n.kind)).toContain('publication_held');

    const member = await hub.app.createUser('member', { enterpriseId: hub.enterpriseId });
    await reconcile();
    expect((await publication(hub, id!)).status).toBe('held');
    await hub.admin.api.post(`/api/v1/ads/${adId}/approval/request`);
    await member.api.post(`/api/v1/ads/${adId}/approval/decision`, { decision: 'approved' });
    await reconcile();
    const resumed = await publication(hub, id!);
    expect(resumed.status).toBe('scheduled');
    expect(resumed.fence).toBe(pub.fence + 1);
  });

  it('tell staff of a problem once, however many runs see it again', async () => {
    const channel = await sandboxChannel(hub, 'facebook', 'Problème répété');
    const adId = await adFor(hub, 'Sans image encore', { fields: { headline: 'Sans image encore' } });
    const [id] = await schedule(hub, adId, [channel.id], 5 * 3_600_000);
    const about = async () =>
      (
        (await hub.admin.api.get('/api/v1/notifications?limit=100')).body.data as {
          kind: string;
          body: string;
        }[]
      ).filter((n) => n.kind === 'preflight_problem' && n.body.includes('Sans image encore'));
    await preflight();
    expect(await about()).toHaveLength(1);
    await preflight();
    await preflight();
    expect(await codes(id!)).toEqual(['render_missing']);
    expect(await about()).toHaveLength(1);
  });
});
