import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors.js';
import { isStaff } from '../modules/access/access.policy.js';
import { type Ad, getAd } from '../modules/ads/ad.service.js';
import { setAdRenders } from '../modules/ads/ad-renders.service.js';
import { designFrom } from '../modules/rendering/design-inputs.js';
import { findRender, type StoredRender, saveRender } from '../modules/rendering/render.store.js';
import { queueRenderJob } from '../modules/rendering/render-jobs.js';
import { type Design, designHash, renderDesign } from '../modules/rendering/renderer.js';
import { loadTemplate } from '../modules/rendering/template.loader.js';
import { type PublicUser, systemUser } from '../modules/users/user.service.js';

// The ad, its enterprises and the renderer meet here: the ads module queues renders and
// the rendering module draws designs, and neither reads the other's records.

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
  const all = [
    ...kept.map(({ url: _url, thumbnailUrl, ...r }) => ({ ...r, thumbnail: thumbnailUrl })),
    ...renders,
  ];
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
