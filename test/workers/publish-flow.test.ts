import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicationModel } from '../../server/modules/scheduling/publication.model.js';
import { connectThroughOAuth } from '../adapters/sandbox.helpers.js';
import {
  adFor,
  countPosts,
  type Hub,
  publication,
  sandboxChannel,
  schedule,
  settled,
  startHub,
  type TestChannel,
} from './publishing.helpers.js';

let hub: Hub;
let facebook: TestChannel;
let linkedin: TestChannel;

beforeAll(async () => {
  hub = await startHub();
  facebook = await sandboxChannel(hub, 'facebook');
  linkedin = await sandboxChannel(hub, 'linkedin');
});
afterAll(() => hub?.app.close());

describe('publishing at the scheduled time', () => {
  it('publishes an ad once on each channel at its time, with its post id and permalink', async () => {
    const adId = await adFor(hub, 'Premier envoi du pain partagé');
    const ids = await schedule(hub, adId, [facebook.id, linkedin.id], 2000);
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const pub = await settled(hub, id, ['published', 'failed', 'held', 'unconfirmed']);
      expect(pub.status).toBe('published');
      expect(pub.platformPostId).toBeTruthy();
      expect(pub.permalink).toMatch(/^http/);
      expect(new Date(pub.publishedAt).getTime()).toBeGreaterThanOrEqual(new Date(pub.scheduledAt).getTime());
    }
    expect(await countPosts(hub, facebook, 'Premier envoi du pain partagé')).toBe(1);
    expect(await countPosts(hub, linkedin, 'Premier envoi du pain partagé')).toBe(1);
    expect((await hub.admin.api.get(`/api/v1/ads/${adId}`)).body.status).toBe('published');
  });

  it('publishes the content current at publish time when the ad was edited after scheduling', async () => {
    const adId = await adFor(hub, 'Version avant la correction');
    const [id] = await schedule(hub, adId, [facebook.id], 4000);
    const edit = await hub.admin.api.patch(`/api/v1/ads/${adId}`, {
      caption: { default: 'Version corrigée après coup' },
    });
    expect(edit.status).toBe(200);
    const pub = await settled(hub, id!, ['published', 'failed']);
    expect(pub.status).toBe('published');
    expect(pub.publishedRevision).toBe(edit.body.revision);
    expect(await countPosts(hub, facebook, 'Version corrigée après coup')).toBe(1);
    expect(await countPosts(hub, facebook, 'Version avant la correction')).toBe(0);
  });

  it('never publishes a cancelled publication', async () => {
    const adId = await adFor(hub, 'Annulée avant son heure');
    const [id] = await schedule(hub, adId, [linkedin.id], 2500);
    const cancel = await hub.admin.api.post(`/api/v1/publications/${id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 4000));
    expect((await publication(hub, id!)).status).toBe('cancelled');
    expect(await countPosts(hub, linkedin, 'Annulée avant son heure')).toBe(0);
  });

  it('publishes a rescheduled publication at its new time only', async () => {
    const adId = await adFor(hub, 'Déplacée plus tard');
    const [id] = await schedule(hub, adId, [facebook.id], 1500);
    const before = await publication(hub, id!);
    const later = new Date(Date.now() + 5000).toISOString();
    const moved = await hub.admin.api.patch(`/api/v1/publications/${id}`, { at: later, fence: before.fence });
    expect(moved.status).toBe(200);
    expect(moved.body.fence).toBe(before.fence + 1);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await countPosts(hub, facebook, 'Déplacée plus tard')).toBe(0);
    const pub = await settled(hub, id!, ['published', 'failed']);
    expect(pub.status).toBe('published');
    expect(new Date(pub.publishedAt).getTime()).toBeGreaterThanOrEqual(new Date(later).getTime());
    expect(await countPosts(hub, facebook, 'Déplacée plus tard')).toBe(1);
  });

  it("publishes an ad's edit on a later channel after the worker read the ad for an earlier one", async () => {
    const adId = await adFor(hub, 'Lue avant la retouche');
    const [first, second] = await schedule(hub, adId, [facebook.id], 1000).then(async (a) => [
      ...a,
      ...(await schedule(hub, adId, [linkedin.id], 6000)),
    ]);
    expect((await settled(hub, first!, ['published', 'failed'])).status).toBe('published');
    const edit = await hub.admin.api.patch(`/api/v1/ads/${adId}`, {
      caption: { default: 'Lue après la retouche' },
    });
    expect(edit.status).toBe(200);
    const pub = await settled(hub, second!, ['published', 'failed']);
    expect(pub.status).toBe('published');
    expect(pub.publishedRevision).toBe(edit.body.revision);
    expect(await countPosts(hub, linkedin, 'Lue après la retouche')).toBe(1);
    expect(await countPosts(hub, linkedin, 'Lue avant la retouche')).toBe(0);
  });

  it('holds a publication whose channel was disabled after the worker last published on it', async () => {
    const channel = await sandboxChannel(hub, 'facebook', 'Page bientôt désactivée');
    const adId = await adFor(hub, 'Avant et après la désactivation');
    const [first] = await schedule(hub, adId, [channel.id], 1000);
    expect((await settled(hub, first!, ['published', 'failed'])).status).toBe('published');
    const other = await adFor(hub, 'Ne doit pas partir sur la page désactivée');
    const [second] = await schedule(hub, other, [channel.id], 3000);
    expect((await hub.admin.api.post(`/api/v1/channels/${channel.id}/disable`)).status).toBe(200);
    const pub = await settled(hub, second!, ['held', 'published', 'failed']);
    expect(pub.status).toBe('held');
    expect(await countPosts(hub, channel, 'Ne doit pas partir sur la page désactivée')).toBe(0);
  });

  it('keeps a publication published when a step after the post fails (the ad status refresh)', async () => {
    const adId = await adFor(hub, 'Publiée malgré la panne qui suit');
    const exists = PublicationModel.exists;
    // The ad's status is derived after the post is recorded: its query fails here, once.
    let failures = 0;
    PublicationModel.exists = ((...args: Parameters<typeof exists>) => {
      if (failures === 0 && String((args[0] as { adId?: unknown }).adId) === adId) {
        failures += 1;
        return Promise.reject(new Error('MongoDB went away')) as unknown as ReturnType<typeof exists>;
      }
      return exists.apply(PublicationModel, args);
    }) as typeof exists;
    try {
      const [id] = await schedule(hub, adId, [facebook.id], 1000);
      const pub = await settled(hub, id!, ['published', 'failed', 'unconfirmed', 'held']);
      expect(failures).toBe(1);
      expect(pub.status).toBe('published');
      await new Promise((r) => setTimeout(r, 1500));
      expect((await publication(hub, id!)).status).toBe('published');
      expect(await countPosts(hub, facebook, 'Publiée malgré la panne qui suit')).toBe(1);
    } finally {
      PublicationModel.exists = exists;
    }
  });

  it('holds a publication whose token expired, then publishes it once the channel is reconnected', async () => {
    const channel = await sandboxChannel(hub, 'facebook', 'Page au jeton expiré');
    await hub.sandbox.fault('facebook', channel.externalId, { tokenExpired: true });
    const adId = await adFor(hub, 'Retenue puis publiée');
    const [id] = await schedule(hub, adId, [channel.id], 1000);
    const held = await settled(hub, id!, ['held', 'published', 'failed']);
    expect(held.status).toBe('held');
    expect((await hub.admin.api.get(`/api/v1/channels/${channel.id}`)).body.status).toBe(
      'needs_reconnection',
    );
    await hub.sandbox.clearFaults('facebook', channel.externalId);
    expect((await publication(hub, id!)).status).toBe('held');
    const reconnected = await connectThroughOAuth(hub.admin.api, 'facebook', `channelId=${channel.id}`);
    expect(reconnected.status).toBe(200);
    const pub = await settled(hub, id!, ['published', 'failed', 'missed']);
    expect(pub.status).toBe('published');
    expect(await countPosts(hub, channel, 'Retenue puis publiée')).toBe(1);
  });
});
