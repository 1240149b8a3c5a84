import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQueue } from '../../server/lib/queues.js';
import { renderJobId } from '../../server/modules/rendering/render-jobs.js';
import { PublicationModel } from '../../server/modules/scheduling/publication.model.js';
import { armPublish, publishJobId } from '../../server/modules/scheduling/publish-jobs.js';
import { reconcile } from '../../server/modules/scheduling/reconcile.service.js';
import {
  adFor,
  type Hub,
  sandboxChannel,
  schedule,
  startHub,
  type TestChannel,
} from './publishing.helpers.js';

/** The reconciler alone (no worker runs here): it re-derives the queues from MongoDB. */
let hub: Hub;
let channel: TestChannel;

beforeAll(async () => {
  hub = await startHub({ workers: false, env: { PUBLISH_GRACE_MS: '60000' } });
  channel = await sandboxChannel(hub, 'facebook');
});
afterAll(() => hub?.app.close());

const state = (id: string) => getQueue('publish').getJobState(id);

describe('the reconciler', () => {
  it('re-creates the job of a scheduled publication that Redis lost, due at its time', async () => {
    const [id] = await schedule(hub, await adFor(hub, 'Job perdu'), [channel.id], 3_600_000);
    await getQueue('publish').remove(publishJobId(id!, 0));
    expect(await state(publishJobId(id!, 0))).toBe('unknown');
    const report = await reconcile();
    expect(report.armed).toBeGreaterThanOrEqual(1);
    const job = await getQueue('publish').getJob(publishJobId(id!, 0));
    expect(await job!.getState()).toBe('delayed');
    expect(job!.timestamp + (job!.opts.delay ?? 0)).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('marks missed a publication whose time passed beyond the grace while nothing ran', async () => {
    const [id] = await schedule(hub, await adFor(hub, 'Oubliée'), [channel.id], 3_600_000);
    await getQueue('publish').remove(publishJobId(id!, 0));
    await PublicationModel.updateOne({ _id: id }, { $set: { scheduledAt: new Date(Date.now() - 120_000) } });
    await reconcile();
    const pub = (await hub.admin.api.get(`/api/v1/publications/${id}`)).body;
    expect(pub.status).toBe('missed');
    expect(pub.statusReason).toMatch(/retry to publish now, or cancel/);
    expect(await state(publishJobId(id!, 0))).toBe('unknown');
  });

  it('queues within the grace a publication whose time just passed while nothing ran', async () => {
    const [id] = await schedule(hub, await adFor(hub, 'En retard'), [channel.id], 3_600_000);
    await getQueue('publish').remove(publishJobId(id!, 0));
    await PublicationModel.updateOne({ _id: id }, { $set: { scheduledAt: new Date(Date.now() - 10_000) } });
    await reconcile();
    expect(['waiting', 'delayed']).toContain(await state(publishJobId(id!, 0)));
    expect((await hub.admin.api.get(`/api/v1/publications/${id}`)).body.status).toBe('scheduled');
  });

  it('removes the waiting job of a turn that no longer exists (cancelled)', async () => {
    const [id] = await schedule(hub, await adFor(hub, 'Annulée'), [channel.id], 3_600_000);
    await hub.admin.api.post(`/api/v1/publications/${id}/cancel`);
    await armPublish(id!, 0, new Date(Date.now() + 3_600_000));
    expect(await state(publishJobId(id!, 0))).toBe('delayed');
    const report = await reconcile();
    expect(report.orphans).toBeGreaterThanOrEqual(1);
    expect(await state(publishJobId(id!, 0))).toBe('unknown');
  });

  it('re-queues the render of an ad edited while its render job was lost', async () => {
    const adId = await adFor(hub, 'Rendu perdu');
    const edited = await hub.admin.api.patch(`/api/v1/ads/${adId}`, {
      fields: { headline: 'Nouveau titre' },
    });
    const version = String(new Date(edited.body.updatedAt).getTime());
    await getQueue('render').remove(renderJobId(adId, version));
    expect(await getQueue('render').getJobState(renderJobId(adId, version))).toBe('unknown');
    const report = await reconcile();
    expect(report.renders).toBeGreaterThanOrEqual(1);
    expect(await getQueue('render').getJobState(renderJobId(adId, version))).not.toBe('unknown');
  });
});
