import { config } from '../../config/index.js';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import { enterpriseScope } from '../access/access.policy.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import { getChannels } from '../channels/channel.service.js';
import { getEnterprise } from '../enterprises/enterprise.service.js';
import type { PublicUser } from '../users/user.service.js';
import { EXPOSURE_MAX_DAYS, type ExposureQuery, exposureQuerySchema } from './exposure.schemas.js';
import type { ExposureFilter } from './exposure.types.js';
import { exposurePeriod, lastMonthOf, monthDays } from './exposure-period.js';

const bad = (field: string, message: string) =>
  new ValidationError(`Query is invalid: ${field}: ${message}`, [{ field, message }]);

/** A 404 that still names the field: an id unknown, or outside what the user may see (the same answer). */
const unseen = (field: string, what: string) =>
  new AppError(404, 'not_found', `${what} not found.`, [
    { field, message: `matches no ${what.toLowerCase()} you can see` },
  ]);

/**
 * Reads an exposure query (API, CSV, page): `month=YYYY-MM`, or `from` and `to` (hub-local days,
 * inclusive, at most EXPOSURE_MAX_DAYS apart); neither means last month in the hub's zone.
 * A month in the future is valid (its figures say 'future-period').
 * @throws ValidationError naming month/from/to/enterpriseId/campaignId/channelId/platform/asOf and why.
 */
export function parseExposureQuery(
  query: ExposureQuery | Record<string, unknown>,
  now = new Date(),
): { filter: ExposureFilter; asOf?: Date } {
  const q = parseInput(exposureQuerySchema, query, 'Query');
  const zone = config().HUB_TIMEZONE;
  if (q.month && (q.from || q.to)) throw bad('month', 'give either month or from and to, not both');
  if (Boolean(q.from) !== Boolean(q.to)) throw bad(q.from ? 'to' : 'from', 'is required with the other');
  const days = q.month
    ? monthDays(q.month, zone)
    : q.from && q.to
      ? { from: q.from, to: q.to }
      : monthDays(lastMonthOf(now, zone), zone);
  if (days.to < days.from) throw bad('to', 'must not be before from');
  if (exposurePeriod(days.from, days.to, zone).days > EXPOSURE_MAX_DAYS)
    throw bad('to', `must be at most ${EXPOSURE_MAX_DAYS} days after from`);
  const filter: ExposureFilter = { ...days };
  if (q.enterpriseId) filter.enterpriseId = q.enterpriseId.toLowerCase();
  if (q.campaignId) filter.campaignId = q.campaignId.toLowerCase();
  if (q.channelId) filter.channelId = q.channelId.toLowerCase();
  if (q.platform) filter.platform = q.platform;
  return q.asOf ? { filter, asOf: new Date(q.asOf) } : { filter };
}

/**
 * The filter as this user may run it: staff any; a member only its own enterprise (forced
 * when absent). Another enterprise, a campaign or channel the user cannot see, or an unknown
 * id answers 404 naming the field, the same whether the record exists or not.
 */
export async function scopeExposureFilter(user: PublicUser, filter: ExposureFilter): Promise<ExposureFilter> {
  const scope = enterpriseScope(user);
  const scoped: ExposureFilter = { ...filter };
  if (scope) {
    if (filter.enterpriseId && !scope.includes(filter.enterpriseId))
      throw unseen('enterpriseId', 'Enterprise');
    scoped.enterpriseId = scope[0];
  }
  const checks: Promise<unknown>[] = [];
  const rethrow = (field: string, what: string) => (err: unknown) => {
    throw err instanceof NotFoundError ? unseen(field, what) : err;
  };
  if (filter.enterpriseId)
    checks.push(getEnterprise(user, filter.enterpriseId).catch(rethrow('enterpriseId', 'Enterprise')));
  if (filter.campaignId)
    checks.push(getCampaign(user, filter.campaignId).catch(rethrow('campaignId', 'Campaign')));
  if (filter.channelId) {
    const channelId = filter.channelId;
    checks.push(
      getChannels([channelId]).then((found) => {
        const owner = found.get(channelId)?.owner;
        const visible = owner && (!scope || owner.kind === 'hub' || scope.includes(owner.enterpriseId ?? ''));
        if (!visible) throw unseen('channelId', 'Channel');
      }),
    );
  }
  await Promise.all(checks);
  return scoped;
}
