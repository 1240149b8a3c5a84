import { createHash } from 'node:crypto';
import { logger } from '../../lib/logger.js';
import { addJob, jobId } from '../../lib/queues.js';

/**
 * The render job of one version of an ad: the version is the ad's last edit or a digest of
 * its enterprise's branding, so the same inputs cannot be queued twice.
 */
export function renderJobId(adId: string, version: string): string {
  return jobId('render', adId, version);
}

export async function queueRenderJob(adId: string, version: string): Promise<string> {
  const id = renderJobId(adId, version);
  await addJob('render', { adId }, { jobId: id });
  return id;
}

/**
 * For side effects of an edit: the edit stands even if Redis is unreachable. It is not lost:
 * the ad's renders are then older than its last edit, and the reconciler (every
 * RECONCILE_INTERVAL_MS) queues the render of every such ad. Logged as an error meanwhile.
 */
export async function queueRenderAfterEdit(adId: string, version: string): Promise<void> {
  try {
    await queueRenderJob(adId, version);
  } catch (err) {
    logger.error({ err, adId }, 'render not queued after an edit: the reconciler will queue it');
  }
}

/** What of an enterprise shows on its ads; a change of it re-renders them. */
export function brandingVersion(enterprise: {
  name: string;
  brandColor?: string | null;
  logoFileId?: string | null;
  photoFileId?: string | null;
  /** The photo library with focal points, as one string (a picked photo's crop shows on ads). */
  photos?: string | null;
}): string {
  const { name, brandColor, logoFileId, photoFileId, photos } = enterprise;
  const digest = createHash('sha256')
    .update(
      JSON.stringify([name, brandColor ?? null, logoFileId ?? null, photoFileId ?? null, photos ?? null]),
    )
    .digest('hex');
  return `brand${digest.slice(0, 16)}`;
}
