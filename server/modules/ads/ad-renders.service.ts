import { brandingVersion, queueRenderAfterEdit } from '../rendering/render-jobs.js';
import { type AdDoc, AdModel } from './ad.model.js';
import type { Ad } from './ad.service.js';

// What the render path and the storage sweep need of ads: their stored renders.

/** Which of these media ids an ad's renders still use (the unused-render sweep keeps those). */
export async function renderFileIdsInUse(fileIds: readonly string[]): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const docs = await AdModel.find({ 'renders.fileId': { $in: fileIds } }, { 'renders.fileId': 1 }).lean<
    Pick<AdDoc, 'renders'>[]
  >();
  const wanted = new Set(fileIds);
  return new Set(docs.flatMap((d) => d.renders.map((r) => String(r.fileId))).filter((id) => wanted.has(id)));
}

/** A stored render of one format, as the render service hands it over. */
export type AdRender = Omit<Ad['renders'][number], 'url' | 'thumbnailUrl'> & { thumbnail?: string | null };

/**
 * Stores an ad's renders without touching updatedAt (a render is not an edit). With
 * `ifUpdatedAt`, only if the ad was not edited meanwhile: renders of a stale version are
 * dropped, the edit having queued its own render. Returns whether the ad took them.
 */
export async function setAdRenders(adId: string, renders: AdRender[], ifUpdatedAt?: Date): Promise<boolean> {
  const renderedAt = new Date();
  const result = await AdModel.updateOne(
    { _id: adId, ...(ifUpdatedAt ? { updatedAt: ifUpdatedAt } : {}) },
    {
      $set: {
        renders: renders.map(({ thumbnail, ...r }) => ({
          ...r,
          ...(thumbnail ? { thumbnail } : {}),
          renderedAt,
        })),
      },
    },
    { timestamps: false },
  );
  return result.matchedCount === 1;
}

/**
 * Ads whose renders show this enterprise and may still change: it brands them when featured
 * first, and its name and logo show beside the lead's when featured after.
 */
export async function adIdsBrandedBy(enterpriseId: string): Promise<string[]> {
  const docs = await AdModel.find(
    {
      enterpriseIds: enterpriseId,
      templateId: { $exists: true },
      status: { $in: ['draft', 'ready', 'scheduled'] },
    },
    { _id: 1 },
  ).lean<Pick<AdDoc, '_id'>[]>();
  return docs.map((d) => String(d._id));
}

type Branding = Parameters<typeof brandingVersion>[0];

/** After an enterprise's name, colour, logo or photo changed: re-render the ads that show it. */
export async function queueBrandingRenders(
  enterpriseId: string,
  before: Branding,
  after: Branding,
): Promise<void> {
  const version = brandingVersion(after);
  if (version === brandingVersion(before)) return;
  for (const adId of await adIdsBrandedBy(enterpriseId)) await queueRenderAfterEdit(adId, version);
}
/**
 * Ads whose stored renders are older than their last edit, or missing: their render job
 * was lost or never queued. Read for the reconciler (ids and the edit to render).
 */
export async function adsWithStaleRenders(limit = 500): Promise<{ id: string; updatedAt: Date }[]> {
  const docs = await AdModel.find(
    { templateId: { $exists: true, $ne: null }, status: { $in: ['draft', 'ready', 'scheduled'] } },
    { updatedAt: 1, 'renders.renderedAt': 1 },
  )
    .sort({ updatedAt: -1 })
    .limit(limit)
    .lean<{ _id: unknown; updatedAt: Date; renders?: { renderedAt?: Date }[] }[]>();
  return docs
    .filter((d) => {
      const renders = d.renders ?? [];
      return renders.length === 0 || renders.some((r) => !r.renderedAt || r.renderedAt < d.updatedAt);
    })
    .map((d) => ({ id: String(d._id), updatedAt: d.updatedAt }));
}
