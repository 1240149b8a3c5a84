import { config } from '../config/index.js';
import { renderFileIdsInUse } from '../modules/ads/ad-renders.service.js';
import {
  deleteRenderFiles,
  markRendersUsed,
  rendersUnusedSince,
  restoreRenders,
  unindexRenders,
} from '../modules/rendering/render.store.js';
import { deleteRenderBatchesBefore } from '../modules/rendering/render-batches.js';

/** What one sweep deleted. */
export interface SweepResult {
  /** Stored renders (GridFS file, thumbnail and index entry) no ad referenced. */
  renders: number;
  /** Render batches (campaign "render all" progress records). */
  batches: number;
}

/**
 * Deletes the stored renders that no ad references and that no render job stored or reused
 * for `olderThanMs` (default RENDER_GRACE_HOURS), and the render batches older than that.
 * For the maintenance worker; safe to run while render jobs run: a render is taken out of
 * the index before its references are checked, so no job can hand it to an ad meanwhile.
 * Previews are never stored: they live in the bounded in-process cache only.
 */
export async function collectUnusedRenders(
  olderThanMs = config().RENDER_GRACE_HOURS * 3_600_000,
  now = new Date(),
): Promise<SweepResult> {
  const before = new Date(now.getTime() - olderThanMs);
  let renders = 0;
  for (;;) {
    const candidates = await rendersUnusedSince(before, 500);
    if (candidates.length === 0) break;
    const inUse = await renderFileIdsInUse(candidates.map((c) => c.fileId));
    await markRendersUsed(candidates.filter((c) => inUse.has(c.fileId)).map((c) => c.hash));
    const taken = await unindexRenders(
      candidates.filter((c) => !inUse.has(c.fileId)).map((c) => c.hash),
      before,
    );
    // An ad may have taken one between the two reads: those go back into the index.
    const stillUsed = await renderFileIdsInUse(taken.map((d) => d.fileId));
    await restoreRenders(taken.filter((d) => stillUsed.has(d.fileId)));
    const gone = taken.filter((d) => !stillUsed.has(d.fileId));
    await deleteRenderFiles(gone.map((d) => d.fileId));
    renders += gone.length;
    if (candidates.length < 500) break;
  }
  const batches = await deleteRenderBatchesBefore(before);
  return { renders, batches };
}
