import { NotFoundError } from '../../lib/errors.js';
import { isObjectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { enterpriseScope } from '../access/access.policy.js';
import type { MonthTime } from '../mutualisation/time-entry.service.js';
import type { Exposure, ExposureTotals } from '../statistics/exposure.types.js';
import type { PublicUser } from '../users/user.service.js';
import { type MonthlyReportDoc, MonthlyReportModel } from './report.model.js';
import { type ReportListQuery, reportListSchema } from './report.schemas.js';

/** A frozen monthly report as it leaves this module. */
export interface Report {
  id: string;
  /** 'hub' or the enterprise's id. */
  scopeKey: string;
  enterpriseId: string | null;
  scopeName: string;
  month: string;
  version: number;
  builtAt: Date;
  asOf: Date;
  builtBy: string;
  figures: Exposure;
  /** The hub report's strategist time and cost per member; null on an enterprise's report. */
  time: MonthTime | null;
  definitions: string[];
}

/** A report in a list: its totals, not its breakdowns. */
export interface ReportSummary extends Omit<Report, 'figures' | 'time' | 'definitions'> {
  totals: ExposureTotals;
  empty: Exposure['empty'] | null;
}

export function toReport(d: MonthlyReportDoc): Report {
  return {
    id: String(d._id),
    scopeKey: d.scopeKey,
    enterpriseId: d.enterpriseId ? String(d.enterpriseId) : null,
    scopeName: d.scopeName,
    month: d.month,
    version: d.version,
    builtAt: d.builtAt,
    asOf: d.asOf,
    builtBy: d.builtBy,
    figures: d.figures,
    time: (d.time as MonthTime | undefined) ?? null,
    definitions: d.definitions ?? [],
  };
}

const toSummary = (d: MonthlyReportDoc): ReportSummary => {
  const { figures, time: _t, definitions: _d, ...rest } = toReport(d);
  return { ...rest, totals: figures.totals, empty: figures.empty ?? null };
};

const listFields = Object.fromEntries(
  ['figures.totals', 'figures.empty', 'scopeKey', 'enterpriseId', 'scopeName', 'month', 'version']
    .concat(['builtAt', 'asOf', 'builtBy'])
    .map((f) => [f, 1]),
);

/** What a user may read: staff every report; a member its own enterprise's only (never the hub's). */
function scopeFilter(user: PublicUser): Record<string, unknown> {
  const scope = enterpriseScope(user);
  return scope ? { scopeKey: { $in: scope } } : {};
}

/**
 * Reports newest month first, then the hub, then by name and newest version (at most 500).
 * A member sees its own enterprise's only, whatever the filter says.
 */
export async function listReports(user: PublicUser, query: ReportListQuery = {}): Promise<ReportSummary[]> {
  const q = parseInput(reportListSchema, query, 'Query');
  const filter: Record<string, unknown> = { ...scopeFilter(user) };
  if (q.month) filter.month = q.month;
  if (q.scope) {
    const scope = enterpriseScope(user);
    if (scope && !scope.includes(q.scope)) return [];
    filter.scopeKey = q.scope;
  }
  const docs = await MonthlyReportModel.find(filter, listFields)
    .sort({ month: -1 })
    .limit(500)
    .lean<MonthlyReportDoc[]>();
  return docs
    .map(toSummary)
    .sort(
      (a, b) =>
        b.month.localeCompare(a.month) ||
        Number(b.scopeKey === 'hub') - Number(a.scopeKey === 'hub') ||
        a.scopeName.localeCompare(b.scopeName) ||
        b.version - a.version,
    );
}

/** One report; anything the user may not read answers 404. */
export async function getReport(user: PublicUser, id: string): Promise<Report> {
  if (!isObjectId(id)) throw new NotFoundError('Report');
  const doc = await MonthlyReportModel.findOne({ _id: id, ...scopeFilter(user) }).lean<MonthlyReportDoc>();
  if (!doc) throw new NotFoundError('Report');
  return toReport(doc);
}

/** One report by id, for a valid share link (checked by the caller). */
export async function getSharedReport(id: string): Promise<Report> {
  const doc = isObjectId(id) ? await MonthlyReportModel.findById(id).lean<MonthlyReportDoc>() : null;
  if (!doc) throw new NotFoundError('Report');
  return toReport(doc);
}
