import type { JobsOptions } from 'bullmq';
import { addJob, getQueue, jobId } from '../../lib/queues.js';

/** Job ids of one publication's turn: a reschedule or retry adds one to the fence, so a new id. */
export const publishJobId = (publicationId: string, fence: number) =>
  jobId('publish', publicationId, String(fence));
export const verifyJobId = (publicationId: string, fence: number, attempt: number) =>
  jobId('verify', publicationId, String(fence), String(attempt));

/** Parses a publish job id back; undefined for other jobs. */
export function parsePublishJobId(
  id: string | undefined,
): { publicationId: string; fence: number } | undefined {
  const m = /^publish-([a-f0-9]{24})-(\d+)$/.exec(id ?? '');
  return m ? { publicationId: m[1]!, fence: Number(m[2]) } : undefined;
}

/**
 * Completed jobs are removed at once so that an id is never blocked; failures (the job's own
 * attempts are for Vitrine's infrastructure errors, not the platform's) are kept a week.
 */
const options: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
};

/** Queues (or re-queues: an existing id is left alone) the publish job of a turn, due at `at`. */
export async function armPublish(publicationId: string, fence: number, at: Date): Promise<void> {
  await addJob(
    'publish',
    { publicationId, fence },
    { ...options, jobId: publishJobId(publicationId, fence), delay: Math.max(0, at.getTime() - Date.now()) },
  );
}

/** Many at once (scheduling a campaign, the reconciler). */
export async function armPublishMany(
  items: { publicationId: string; fence: number; at: Date }[],
): Promise<void> {
  if (items.length === 0) return;
  const now = Date.now();
  await getQueue('publish').addBulk(
    items.map((i) => ({
      name: 'publish',
      data: { publicationId: i.publicationId, fence: i.fence },
      opts: {
        ...options,
        jobId: publishJobId(i.publicationId, i.fence),
        delay: Math.max(0, i.at.getTime() - now),
      },
    })),
  );
}

/** Queues the read-back of an unknown outcome. */
export async function armVerify(
  publicationId: string,
  fence: number,
  attempt: number,
  delayMs: number,
): Promise<void> {
  await addJob(
    'publish',
    { publicationId, fence, verify: attempt },
    { ...options, attempts: 3, jobId: verifyJobId(publicationId, fence, attempt), delay: delayMs },
  );
}

/** Removes a turn's waiting job; a job already running finds the turn taken and does nothing. */
export async function disarmPublish(publicationId: string, fence: number): Promise<void> {
  await getQueue('publish')
    .remove(publishJobId(publicationId, fence))
    .catch(() => 0);
}
