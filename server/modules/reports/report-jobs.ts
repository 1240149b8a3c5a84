import { config } from '../../config/index.js';
import { addJob, getQueue, jobId } from '../../lib/queues.js';
import type { BuildInput } from './report.schemas.js';

/** The monthly build's scheduler id and cron: 07:00 hub time on the 1st, for the month before. */
export const MONTHLY_SCHEDULER_ID = 'reports-monthly';
export const MONTHLY_PATTERN = '0 7 1 * *';

/** Registers (or updates) the monthly build on the reports queue, in HUB_TIMEZONE. */
export async function scheduleMonthlyReports(): Promise<void> {
  await getQueue('reports').upsertJobScheduler(
    MONTHLY_SCHEDULER_ID,
    { pattern: MONTHLY_PATTERN, tz: config().HUB_TIMEZONE },
    { name: 'reports', data: { month: 'previous' } },
  );
}

/**
 * Queues a build for staff (the dashboard's "build" button); the reports worker runs it. The
 * job id names the month, scope and minute, so a double click queues one build.
 */
export async function queueReportBuild(input: BuildInput, by: string): Promise<string> {
  const minute = Math.floor(Date.now() / 60_000).toString(36);
  const id = jobId(
    'reports',
    input.month,
    input.scope ?? 'all',
    input.rebuild ? 'rebuild' : 'missing',
    input.resend ? 'resend' : 'quiet',
    minute,
  );
  await addJob(
    'reports',
    { month: input.month, scope: input.scope, rebuild: input.rebuild, resend: input.resend, by },
    { jobId: id, attempts: 3 },
  );
  return id;
}
