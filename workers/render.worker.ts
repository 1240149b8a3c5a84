import type { Job } from 'bullmq';
import { logger } from '../server/lib/logger.js';
import { type QueuePayloads, startWorker } from '../server/lib/queues.js';
import { renderAd } from '../server/modules/rendering/ad-render.service.js';

/** Renders the ad's formats; an error fails the job so BullMQ retries it with backoff. */
export async function processRender(job: Job<QueuePayloads['render']>) {
  const renders = await renderAd(job.data.adId, job.data.format);
  logger.debug({ adId: job.data.adId, renders: renders.length }, 'ad rendered');
  return { renders };
}

export function startRenderWorker() {
  return startWorker('render', processRender);
}
