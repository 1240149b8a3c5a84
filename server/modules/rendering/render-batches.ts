import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../lib/errors.js';
import { mongoDb } from '../../lib/mongo.js';
import { addJob, getQueue, jobId } from '../../lib/queues.js';

interface BatchDoc {
  _id: string;
  campaignId: string;
  adIds: string[];
  createdAt: Date;
}

const batches = () => mongoDb().collection<BatchDoc>('render_batches');

/** Records a batch and queues one render job per ad; progress is read back by the batch id. */
export async function queueRenderBatch(
  campaignId: string,
  adIds: string[],
): Promise<{ batchId: string; total: number }> {
  const batchId = randomUUID();
  await batches().insertOne({ _id: batchId, campaignId, adIds, createdAt: new Date() });
  await Promise.all(
    adIds.map((adId) => addJob('render', { adId }, { jobId: jobId('render', batchId, adId) })),
  );
  return { batchId, total: adIds.length };
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

/**
 * Deletes the batches created before `before` (FerretDB has no TTL indexes, so the
 * maintenance sweep does it). A batch is only read while its page polls, within minutes.
 * Returns how many were deleted.
 */
export async function deleteRenderBatchesBefore(before: Date): Promise<number> {
  const result = await batches().deleteMany({ createdAt: { $lt: before } });
  return result.deletedCount;
}
