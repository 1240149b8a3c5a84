import { randomUUID } from 'node:crypto';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { mongoDb } from '../../lib/mongo.js';
import { addJob, getQueue, jobId } from '../../lib/queues.js';
import { isStaff } from '../access/access.policy.js';
import { type Ad, getAd, listAds, setAdRenders } from '../ads/ad.service.js';
import { type PublicUser, systemUser } from '../users/user.service.js';
import { designFrom } from './design-inputs.js';
import { findRender, type StoredRender, saveRender } from './render.store.js';
import { queueRenderJob } from './render-jobs.js';
import { type Design, designHash, renderDesign } from './renderer.js';
import { loadTemplate } from './template.loader.js';

/** What one render job will draw: each format's design and its content hash, from current data. */
export interface RenderPlan {
  ad: Ad;
  /** The template's formats in manifest order, for sorting the stored renders. */
  formatOrder: string[];
  items: { format: string; design: Design; hash: string }[];
}

export async function planRenders(adId: string, onlyFormat?: string): Promise<RenderPlan> {
  const ad = await getAd(systemUser, adId);
  if (!ad.templateId)
    throw new ValidationError('The ad has no template.', [{ field: 'templateId', message: 'required' }]);
  const template = await loadTemplate(ad.templateId);
  const formats = template.manifest.formats.filter((f) => !onlyFormat || f.id === onlyFormat);
  const formatOrder = template.manifest.formats.map((f) => f.id);
  if (formats.length === 0) return { ad, formatOrder, items: [] };
  // The enterprises and images are read once; the formats differ only by their id.
  const common = await designFrom(systemUser, template.manifest, {
    formatId: formats[0]!.id,
    fields: ad.fields,
    enterpriseIds: ad.enterpriseIds,
  });
  const items = formats.map((format) => {
    const design = { ...common, formatId: format.id };
    return { format: format.id, design, hash: designHash(design, template) };
  });
  return { ad, formatOrder, items };
}

/**
 * True while the ad and its branding still give the planned designs. A change made during
 * the render (fields, template, the lead's colour or photo, any featured enterprise's name or
 * logo) queued a job of its own, so this job's now-stale images must not land after that job's.
 */
export async function planIsCurrent(plan: RenderPlan): Promise<boolean> {
  const only = plan.items.length === 1 ? plan.items[0]!.format : undefined;
  let now: RenderPlan;
  try {
    now = await planRenders(plan.ad.id, only);
  } catch (err) {
    // Only a deleted ad or one that can no longer be drawn makes these renders stale; a
    // database or storage error fails the job, which BullMQ retries.
    if (err instanceof NotFoundError || err instanceof ValidationError) return false;
    throw err;
  }
  return now.items.map((i) => i.hash).join() === plan.items.map((i) => i.hash).join();
}

/**
 * Renders every format of an ad (or one) and stores them on the ad, reusing any render whose
 * content hash already exists: unchanged fields, template and branding never render twice.
 * Renders that a change made meanwhile has outdated are not stored (see planIsCurrent).
 */
export async function renderAd(adId: string, onlyFormat?: string): Promise<StoredRender[]> {
  const plan = await planRenders(adId, onlyFormat);
  const { ad } = plan;
  const renders: StoredRender[] = [];
  for (const { design, hash } of plan.items) {
    renders.push(
      (await findRender(hash)) ?? (await saveRender(await renderDesign(design), ad.enterpriseIds)),
    );
  }
  if (!(await planIsCurrent(plan))) return renders;
  const kept = ad.renders.filter((r) => !renders.some((n) => n.format === r.format));
  const all = [...kept.map(({ url: _url, ...r }) => r), ...renders];
  all.sort((a, b) => plan.formatOrder.indexOf(a.format) - plan.formatOrder.indexOf(b.format));
  await setAdRenders(ad.id, all, ad.updatedAt);
  return renders;
}

/** Queues an ad's render; the job id follows the ad's last change, so a change queues anew. */
export async function queueAdRender(user: PublicUser, adId: string): Promise<{ jobId: string }> {
  const ad = await getAd(user, adId);
  if (!isStaff(user)) throw new ForbiddenError('Only hub staff can render ads.');
  if (!ad.templateId)
    throw new ValidationError('The ad has no template.', [{ field: 'templateId', message: 'required' }]);
  return { jobId: await queueRenderJob(ad.id, String(ad.updatedAt.getTime())) };
}

interface BatchDoc {
  _id: string;
  campaignId: string;
  adIds: string[];
  createdAt: Date;
}

const batches = () => mongoDb().collection<BatchDoc>('render_batches');

async function campaignAds(user: PublicUser, campaignId: string): Promise<Ad[]> {
  const ads: Ad[] = [];
  for (let page = 1; ; page += 1) {
    const result = await listAds(user, { campaignId, page, limit: 100 });
    ads.push(...result.data);
    if (ads.length >= result.total || result.data.length === 0) return ads;
  }
}

/** Queues every ad of a campaign that has a template; progress is read back by batch id. */
export async function queueCampaignRender(
  user: PublicUser,
  campaignId: string,
): Promise<{ batchId: string; total: number }> {
  const ads = (await campaignAds(user, campaignId)).filter((ad) => ad.templateId);
  const batchId = randomUUID();
  await batches().insertOne({ _id: batchId, campaignId, adIds: ads.map((a) => a.id), createdAt: new Date() });
  await Promise.all(
    ads.map((ad) => addJob('render', { adId: ad.id }, { jobId: jobId('render', batchId, ad.id) })),
  );
  return { batchId, total: ads.length };
}

export interface BatchProgress {
  batchId: string;
  campaignId: string;
  total: number;
  completed: number;
  failed: number;
  pending: number;
  done: boolean;
}

/** Counts the batch's jobs by state in the queue. */
export async function batchProgress(batchId: string): Promise<BatchProgress> {
  const batch = await batches().findOne({ _id: batchId });
  if (!batch) throw new NotFoundError('Render batch');
  const queue = getQueue('render');
  const states = await Promise.all(
    batch.adIds.map(
      async (adId) => (await queue.getJob(jobId('render', batchId, adId)))?.getState() ?? 'completed',
    ),
  );
  const completed = states.filter((s) => s === 'completed').length;
  const failed = states.filter((s) => s === 'failed').length;
  const pending = batch.adIds.length - completed - failed;
  return {
    batchId,
    campaignId: batch.campaignId,
    total: batch.adIds.length,
    completed,
    failed,
    pending,
    done: pending === 0,
  };
}
