import { type Job, UnrecoverableError } from 'bullmq';
import { AppError } from '../server/lib/errors.js';
import { logger } from '../server/lib/logger.js';
import { type QueuePayloads, startWorker } from '../server/lib/queues.js';
import { renderAd } from '../server/use-cases/render-ad.js';

/**
 * Renders the ad's formats and stores them on the ad. A missing ad or an invalid one (4xx)
 * will not get better by retrying; anything else fails the job so BullMQ retries it.
 */
export async function processRender(job: Job<QueuePayloads['render']>) {
  try {
    const renders = await renderAd(job.data.adId, job.data.format);
    logger.debug({ adId: job.data.adId, renders: renders.length }, 'ad rendered');
    return { renders: renders.map((r) => ({ format: r.format, hash: r.hash, fileId: r.fileId })) };
  } catch (err) {
    if (err instanceof AppError && err.status < 500) throw new UnrecoverableError(err.message);
    throw err;
  }
}

export function startRenderWorker() {
  return startWorker('render', processRender);
}
