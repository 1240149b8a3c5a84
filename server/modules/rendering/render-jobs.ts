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
 * For side effects of an edit: the edit stands even if Redis is unreachable (the "Render"
 * button and the campaign render queue it again), so a failure is logged, not thrown.
 */
export async function queueRenderAfterEdit(adId: string, version: string): Promise<void> {
  try {
    await queueRenderJob(adId, version);
  } catch (err) {
    logger.warn({ err, adId }, 'render not queued after an edit');
  }
}

/** What of an enterprise shows on its ads; a change of it re-renders them. */
export function brandingVersion(enterprise: {
  name: string;
  brandColor?: string | null;
  logoFileId?: string | null;
  photoFileId?: string | null;
}): string {
  const { name, brandColor, logoFileId, photoFileId } = enterprise;
  const digest = createHash('sha256')
    .update(JSON.stringify([name, brandColor ?? null, logoFileId ?? null, photoFileId ?? null]))
    .digest('hex');
  return `brand${digest.slice(0, 16)}`;
}
