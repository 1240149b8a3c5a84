import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import { enterpriseScope, isStaff } from '../access/access.policy.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import { getEnterprise } from '../enterprises/enterprise.service.js';
import { getSettings } from '../settings/settings.service.js';
import { type PublicUser, systemUser } from '../users/user.service.js';
import { type activities, type TimeEntryDoc, TimeEntryModel } from './time-entry.model.js';
import {
  type TimeEntryCreateInput,
  type TimeEntryListQuery,
  type TimeEntryUpdateInput,
  timeEntryCreateSchema,
  timeEntryListSchema,
  timeEntryUpdateSchema,
} from './time-entry.schemas.js';

export { activities, monthSchema } from './time-entry.schemas.js';

/** A time entry as it leaves this module; `date` is the hub-local day. */
export interface TimeEntry {
  id: string;
  userId: string;
  enterpriseId: string;
  campaignId: string | null;
  date: string;
  month: string;
  minutes: number;
  activity: (typeof activities)[number];
  note: string;
  createdAt: Date;
}

const toEntry = (d: TimeEntryDoc): TimeEntry => ({
  id: String(d._id),
  userId: String(d.userId),
  enterpriseId: String(d.enterpriseId),
  campaignId: d.campaignId ? String(d.campaignId) : null,
  date: DateTime.fromJSDate(d.date, { zone: config().HUB_TIMEZONE }).toISODate() ?? '',
  month: d.month,
  minutes: d.minutes,
  activity: d.activity,
  note: d.note ?? '',
  createdAt: d.createdAt,
});

function requireStaff(user: PublicUser): void {
  if (!isStaff(user)) throw new NotFoundError();
}

/** A reference that must exist: a 400 naming `field` otherwise. */
async function mustExist(field: string, find: () => Promise<unknown>): Promise<void> {
  try {
    await find();
  } catch (err) {
    if (err instanceof AppError && err.status === 404)
      throw new ValidationError(`${field} does not exist.`, [{ field, message: 'does not exist' }]);
    throw err;
  }
}

async function checkRefs(input: { enterpriseId?: string; campaignId?: string | null }): Promise<void> {
  const { enterpriseId, campaignId } = input;
  if (enterpriseId) await mustExist('enterpriseId', () => getEnterprise(systemUser, enterpriseId));
  if (campaignId) await mustExist('campaignId', () => getCampaign(systemUser, campaignId));
}

/** Logs minutes for a member (staff only). Throws ValidationError naming each bad field. */
export async function createTimeEntry(user: PublicUser, input: TimeEntryCreateInput): Promise<TimeEntry> {
  requireStaff(user);
  const values = parseInput(timeEntryCreateSchema, input, 'Time entry');
  await checkRefs(values);
  const doc = await TimeEntryModel.create({ ...values, userId: user.id });
  return toEntry(doc.toObject() as TimeEntryDoc);
}

/**
 * The entries of a month and/or an enterprise, newest day first (at most 2,000). A member
 * reads its own enterprise's only, whatever the filter says.
 */
export async function listTimeEntries(
  user: PublicUser,
  query: TimeEntryListQuery = {},
): Promise<TimeEntry[]> {
  const q = parseInput(timeEntryListSchema, query, 'Query');
  const filter: Record<string, unknown> = {};
  if (q.month) filter.month = q.month;
  if (q.enterpriseId) filter.enterpriseId = q.enterpriseId;
  const scope = enterpriseScope(user);
  if (scope) filter.enterpriseId = q.enterpriseId && !scope.includes(q.enterpriseId) ? null : scope[0];
  const docs = await TimeEntryModel.find(filter)
    .sort({ date: -1, _id: -1 })
    .limit(2000)
    .lean<TimeEntryDoc[]>();
  return docs.map(toEntry);
}

export async function getTimeEntry(user: PublicUser, id: string): Promise<TimeEntry> {
  const doc = await TimeEntryModel.findById(id).lean<TimeEntryDoc>();
  const scope = enterpriseScope(user);
  if (!doc || (scope && !scope.includes(String(doc.enterpriseId)))) throw new NotFoundError('Time entry');
  return toEntry(doc);
}

/** Changes some fields of an entry (staff only). */
export async function updateTimeEntry(
  user: PublicUser,
  id: string,
  input: TimeEntryUpdateInput,
): Promise<TimeEntry> {
  requireStaff(user);
  const values = parseInput(timeEntryUpdateSchema, input, 'Time entry');
  await checkRefs(values);
  const doc = await TimeEntryModel.findById(id);
  if (!doc) throw new NotFoundError('Time entry');
  const { campaignId, ...rest } = values;
  doc.set(rest);
  if (campaignId !== undefined) doc.set('campaignId', campaignId ?? undefined);
  await doc.save();
  return toEntry(doc.toObject() as TimeEntryDoc);
}

export async function deleteTimeEntry(user: PublicUser, id: string): Promise<void> {
  requireStaff(user);
  const result = await TimeEntryModel.deleteOne({ _id: id });
  if (result.deletedCount === 0) throw new NotFoundError('Time entry');
}

/** One member's line of a month's mutualised time. */
export interface MemberTime {
  enterpriseId: string;
  enterpriseName: string;
  minutes: number;
  /** Dollars: minutes / 60 × the hourly rate, to the cent. */
  cost: number;
  /** This member's part of the month's minutes, as a decimal (0 without minutes). */
  share: number;
}

/** A month's strategist time per member and each member's share of the cost. */
export interface MonthTime {
  month: string;
  hourlyRate: number;
  currency: 'CAD';
  totalMinutes: number;
  totalCost: number;
  members: MemberTime[];
}

const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * Totals of a month's entries per member, most minutes first, priced at the settings'
 * hourly rate. Shares and the month's totals are always over every member's entries; a
 * member sees its own line only (its minutes, cost and share of that total), not others'.
 */
export async function monthTime(user: PublicUser, month: string): Promise<MonthTime> {
  const entries = await listTimeEntries(systemUser, { month });
  const scope = enterpriseScope(user);
  const { strategistHourlyRate: rate, currency } = await getSettings();
  const minutesBy = new Map<string, number>();
  for (const e of entries) minutesBy.set(e.enterpriseId, (minutesBy.get(e.enterpriseId) ?? 0) + e.minutes);
  const totalMinutes = [...minutesBy.values()].reduce((a, b) => a + b, 0);
  const members = await Promise.all(
    [...minutesBy]
      .filter(([enterpriseId]) => !scope || scope.includes(enterpriseId))
      .map(async ([enterpriseId, minutes]) => ({
        enterpriseId,
        enterpriseName: (await getEnterprise(systemUser, enterpriseId).catch(() => undefined))?.name ?? '—',
        minutes,
        cost: cents((minutes / 60) * rate),
        share: totalMinutes > 0 ? minutes / totalMinutes : 0,
      })),
  );
  members.sort((a, b) => b.minutes - a.minutes || a.enterpriseName.localeCompare(b.enterpriseName));
  return {
    month,
    hourlyRate: rate,
    currency,
    totalMinutes,
    totalCost: cents((totalMinutes / 60) * rate),
    members,
  };
}
