import { DateTime } from 'luxon';
import pLimit from 'p-limit';
import { config } from '../../config/index.js';
import { isDuplicateKeyError, ValidationError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { parseInput } from '../../lib/validate.js';
import { type Enterprise, listEnterprises } from '../enterprises/enterprise.service.js';
import { monthTime } from '../mutualisation/time-entry.service.js';
import type { Exposure } from '../statistics/exposure.types.js';
import { systemUser } from '../users/user.service.js';
import { type MonthlyReportDoc, MonthlyReportModel } from './report.model.js';
import { type BuildInput, buildSchema } from './report.schemas.js';
import { type Report, toReport } from './report.service.js';
import { deliverReport } from './report-delivery.js';
import { monthFigures } from './report-figures.js';

/** What a build did: the reports it stored, and the scopes it left (already built, or claimed by another build). */
export interface BuildResult {
  month: string;
  built: Report[];
  skipped: { scopeKey: string; reason: 'exists' | 'claimed' }[];
}

/**
 * The first and last hub-local days of a month, after checking it can be reported: a month
 * before 2000-01 (the statistics start there), or one that has not ended yet in the hub's
 * time zone (its figures would be partial), is a ValidationError naming `month`.
 */
export function monthDays(month: string, now = new Date()): { from: string; to: string } {
  const zone = config().HUB_TIMEZONE;
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  if (month < '2000-01')
    throw new ValidationError('month must be 2000-01 or later.', [
      { field: 'month', message: 'must be 2000-01 or later' },
    ]);
  if (start >= DateTime.fromJSDate(now, { zone }).startOf('month'))
    throw new ValidationError('month has not ended yet.', [{ field: 'month', message: 'has not ended yet' }]);
  return { from: start.toISODate() ?? '', to: start.endOf('month').toISODate() ?? '' };
}

/** The month before the one holding `now`, in the hub's time zone ("YYYY-MM"). */
export function previousMonth(now = new Date()): string {
  return DateTime.fromJSDate(now, { zone: config().HUB_TIMEZONE }).minus({ months: 1 }).toFormat('yyyy-MM');
}

async function activeEnterprises(): Promise<Enterprise[]> {
  const all: Enterprise[] = [];
  for (let page = 1; ; page += 1) {
    const batch = await listEnterprises(systemUser, { active: 'true', limit: 100, page });
    all.push(...batch.data);
    if (all.length >= batch.total || batch.data.length === 0) return all;
  }
}

interface Scope {
  key: string;
  name: string;
  enterpriseId?: string;
}

/**
 * Inserts one report at the next version of its scope. The unique (scopeKey, month, version)
 * index is the claim: of two builds racing for a version, one insert wins (on MongoDB and
 * FerretDB alike) and the other is told `claimed`.
 */
async function store(
  scope: Scope,
  month: string,
  version: number,
  figures: Exposure,
  extra: { asOf: Date; builtBy: string; time?: unknown },
): Promise<Report | undefined> {
  try {
    const doc = await MonthlyReportModel.create({
      scopeKey: scope.key,
      enterpriseId: scope.enterpriseId,
      scopeName: scope.name,
      month,
      version,
      builtAt: new Date(),
      figures,
      definitions: figures.definitions,
      ...extra,
    });
    return toReport(doc.toObject() as MonthlyReportDoc);
  } catch (err) {
    if (isDuplicateKeyError(err)) return undefined;
    throw err;
  }
}

/**
 * Builds a month's reports, one per active enterprise and one for the hub (with the
 * strategist's time and cost per member), from the snapshots taken until now (`asOf`), and
 * stores them frozen. Scopes already built are left as they are, unless `rebuild` (then a
 * new version). `scope` narrows the build to one enterprise or 'hub'. A month in the future
 * is a ValidationError naming `month`. Calls `onBuilt` for each stored report (delivery).
 */
export async function buildMonthReports(
  input: BuildInput,
  options: { by?: string; onBuilt?: (report: Report) => void; now?: Date } = {},
): Promise<BuildResult> {
  const { month, rebuild, scope: only } = parseInput(buildSchema, input, 'Build');
  const now = options.now ?? new Date();
  const days = monthDays(month, now);
  const asOf = now;
  const scopes: Scope[] = [
    { key: 'hub', name: config().HUB_NAME },
    ...(await activeEnterprises()).map((e) => ({ key: e.id, name: e.name, enterpriseId: e.id })),
  ].filter((s) => !only || s.key === only);
  const latest = new Map<string, number>();
  const existing = await MonthlyReportModel.find({ month }, { scopeKey: 1, version: 1 }).lean<
    MonthlyReportDoc[]
  >();
  for (const r of existing) latest.set(r.scopeKey, Math.max(latest.get(r.scopeKey) ?? 0, r.version));
  const result: BuildResult = { month, built: [], skipped: [] };
  const due = scopes.filter((scope) => {
    const exists = (latest.get(scope.key) ?? 0) > 0;
    if (exists && !rebuild) result.skipped.push({ scopeKey: scope.key, reason: 'exists' });
    return !exists || rebuild;
  });
  if (due.length === 0) return result;
  const figures = await monthFigures(
    days,
    asOf,
    due.flatMap((s) => (s.enterpriseId ? [s.enterpriseId] : [])),
  );
  const time = due.some((s) => s.key === 'hub') ? await monthTime(systemUser, month) : undefined;
  const builtBy = options.by ?? 'schedule';
  const limit = pLimit(8);
  await Promise.all(
    due.map((scope) =>
      limit(async () => {
        const extra = { asOf, builtBy, ...(scope.key === 'hub' ? { time } : {}) };
        const report = await store(
          scope,
          month,
          (latest.get(scope.key) ?? 0) + 1,
          figures.get(scope.key)!,
          extra,
        );
        if (!report) return result.skipped.push({ scopeKey: scope.key, reason: 'claimed' });
        result.built.push(report);
        options.onBuilt?.(report);
      }),
    ),
  );
  logger.info({ month, built: result.built.length, skipped: result.skipped.length }, 'monthly reports built');
  return result;
}

/**
 * Builds a month's reports and emails each new one (PDF attached): a first version always; a
 * rebuild (version 2 and later) only when `input.resend` is true, so rebuilding a month does
 * not send every member the same report again.
 */
export function buildAndDeliver(input: BuildInput, by?: string): Promise<BuildResult> {
  const resend = input.resend === true;
  return buildMonthReports(input, {
    by,
    onBuilt: (report) => {
      if (report.version === 1 || resend) deliverReport(report);
    },
  });
}

/**
 * A fresh demo install shows reports at once: last month's are built (and sent to the outbox
 * without SMTP) when DEMO_DATA is on and no report exists yet. Returns how many were built.
 */
export async function buildDemoReportsIfNone(): Promise<number> {
  if (!config().DEMO_DATA || (await MonthlyReportModel.exists({}))) return 0;
  return (await buildAndDeliver({ month: previousMonth() })).built.length;
}
