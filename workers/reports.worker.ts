import type { Job } from 'bullmq';
import { logger } from '../server/lib/logger.js';
import { type QueuePayloads, startWorker } from '../server/lib/queues.js';
import { buildAndDeliver, previousMonth } from '../server/modules/reports/report-build.js';
import { scheduleMonthlyReports } from '../server/modules/reports/report-jobs.js';

/**
 * The reports queue's worker: builds a month's reports (the monthly scheduler asks for the
 * previous month; staff for any month) and emails them. A failure fails the job, which
 * retries; scopes already built are kept, so a retry builds only what is missing.
 */
export async function startReportsWorker() {
  const worker = startWorker('reports', async (job: Job<QueuePayloads['reports']>) => {
    const { month, scope, rebuild, resend, by } = job.data;
    const result = await buildAndDeliver(
      {
        month: month === 'previous' ? previousMonth() : month,
        scope,
        rebuild: rebuild ?? false,
        resend: resend ?? false,
      },
      by,
    );
    logger.info({ month: result.month, built: result.built.length }, 'reports job done');
    return { built: result.built.length, skipped: result.skipped.length };
  });
  await scheduleMonthlyReports();
  return worker;
}
