import { hostname } from 'node:os';
import { DelayedError, type Job } from 'bullmq';
import { type QueuePayloads, startWorker } from '../server/lib/queues.js';
import { publishTurn } from '../server/modules/scheduling/publishing.service.js';
import { verifyTurn } from '../server/modules/scheduling/read-back.service.js';
import { renderAd } from '../server/use-cases/render-ad.js';

const me = `${hostname()}:${process.pid}`;

/**
 * One publish turn, or the read-back of an unknown outcome. A wait (the publication's time,
 * a rate limit, a live lease) moves the job back to delayed without using an attempt.
 */
export async function processPublish(job: Job<QueuePayloads['publish']>, token?: string) {
  const { publicationId, fence, verify } = job.data;
  if (verify) return { outcome: await verifyTurn(publicationId, fence, verify, me) };
  const step = await publishTurn(publicationId, fence, me, renderAd);
  if (step.kind === 'wait') {
    await job.moveToDelayed(step.until, token);
    throw new DelayedError(step.why);
  }
  return step;
}

export function startPublishWorker() {
  return startWorker('publish', processPublish);
}
