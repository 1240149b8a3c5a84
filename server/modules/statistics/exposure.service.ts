import { config } from '../../config/index.js';
import { ValidationError } from '../../lib/errors.js';
import { listChannels } from '../channels/channel.service.js';
import { everPublishedFor } from '../scheduling/published-posts.js';
import { EXPOSURE_MAX_DAYS } from './exposure.schemas.js';
import type { Exposure, ExposureFilter } from './exposure.types.js';
import { cachedExposure, exposureGeneration } from './exposure-cache.js';
import { type RawFigures, Tally, tallyFigures } from './exposure-figures.js';
import { labelFigures } from './exposure-labels.js';
import { metricsAsOf } from './exposure-metrics.js';
import { type ExposurePeriod, exposurePeriod, hubDay } from './exposure-period.js';
import { postsOf, warmExposureRows } from './exposure-rows.js';
import { describeMetricDefinitions } from './metric-definitions.js';

export type {
  Exposure,
  ExposureFilter,
  ExposureGroup,
  ExposureTopPost,
  ExposureTotals,
} from './exposure.types.js';
export { parseExposureQuery, scopeExposureFilter } from './exposure-query.js';

export interface ExposureOptions {
  /** Snapshots taken after this instant are left out (default: now; a later instant reads as now). */
  asOf?: Date;
  /** Language of `definitions` (default French, the hub's). */
  locale?: 'fr' | 'en';
  /** Reuse figures cached in Redis for the same query and data (default true). */
  cache?: boolean;
}

/** Checks a filter made in code (reports) as the API checks a query. @throws ValidationError naming from/to. */
function checkedPeriod(filter: ExposureFilter): ExposurePeriod {
  const period = exposurePeriod(filter.from, filter.to, config().HUB_TIMEZONE);
  if (!Number.isFinite(period.startMs) || !Number.isFinite(period.endMs))
    throw new ValidationError('Invalid period.', [{ field: 'from', message: 'is not a real date' }]);
  if (period.endMs <= period.startMs)
    throw new ValidationError('Invalid period.', [{ field: 'to', message: 'must not be before from' }]);
  if (period.days > EXPOSURE_MAX_DAYS)
    throw new ValidationError('Invalid period.', [
      { field: 'to', message: `must be at most ${EXPOSURE_MAX_DAYS} days after from` },
    ]);
  return period;
}

/** Why a period shows nothing, when it does. */
async function emptyReason(filter: ExposureFilter, raw: RawFigures): Promise<Exposure['empty']> {
  if (raw.totals.posts > 0) return undefined;
  if (filter.enterpriseId) {
    const [own, published] = await Promise.all([
      listChannels({ enterpriseId: filter.enterpriseId }),
      everPublishedFor(filter.enterpriseId),
    ]);
    if (own.length === 0 && !published) return 'no-channel';
  }
  return 'no-publications';
}

function futureExposure(filter: ExposureFilter, period: ExposurePeriod, asOf: Date): Exposure {
  const zero = new Tally().totals();
  return {
    filter,
    asOf: asOf.toISOString(),
    totals: zero,
    previous: zero,
    previousPeriod: { from: period.previous.from, to: period.previous.to },
    byCampaign: [],
    byChannel: [],
    byPlatform: [],
    byTerritory: [],
    series: period.buckets.map((b) => ({ period: b.key, posts: 0, views: 0, engagements: 0 })),
    topPosts: [],
    definitions: [],
    definitionIds: [],
    empty: 'future-period',
  };
}

interface BuildContext {
  asOf: Date;
  locale: 'fr' | 'en';
  /** Cache generation for month rows; undefined reads MongoDB. */
  generation: string | undefined;
}

async function build(
  filter: ExposureFilter,
  period: ExposurePeriod,
  { asOf, locale, generation }: BuildContext,
) {
  if (period.startMs > asOf.getTime()) return futureExposure(filter, period, asOf);
  const range = { startMs: period.previous.startMs, endMs: Math.min(period.endMs, asOf.getTime() + 1) };
  const posts = await postsOf(period.months, range, filter, generation);
  const metrics = await metricsAsOf(posts, asOf);
  const raw = tallyFigures(posts, metrics, period, filter.enterpriseId);
  const [labelled, empty] = await Promise.all([labelFigures(raw, metrics), emptyReason(filter, raw)]);
  const exposure: Exposure = {
    filter,
    asOf: asOf.toISOString(),
    totals: raw.totals.totals(),
    previous: raw.previous.totals(),
    previousPeriod: { from: period.previous.from, to: period.previous.to },
    ...labelled,
    series: raw.series,
    definitions: raw.definitionIds.map((id) => describeMetricDefinitions(id, locale)),
    definitionIds: raw.definitionIds,
  };
  if (empty) exposure.empty = empty;
  return exposure;
}

/**
 * The exposure figures of one period and scope (exposure.types.ts). A publication counts in
 * the period holding its `publishedAt` in the hub's time zone, with its lifetime metrics from
 * the latest snapshot at or before `asOf`; a post published after `asOf` is not counted.
 *
 * Scope: with `enterpriseId`, every publication featuring that enterprise counts in full, so a
 * post featuring two members counts in each one's figures (and once in the hub's); its territory
 * line is that enterprise's. Without it, a post counts in the territory of its first featured
 * enterprise (the ad's lead), so territory lines add up to the totals, as the other breakdowns do.
 *
 * Read in a few indexed queries (publications by month, snapshots by publication, names by
 * id), aggregated here: the same figures on MongoDB and FerretDB. Callers enforce who may
 * see which enterprise (scopeExposureFilter).
 * @throws ValidationError naming `from`/`to` for a bad period (over EXPOSURE_MAX_DAYS days).
 */
export async function exposure(filter: ExposureFilter, options: ExposureOptions = {}): Promise<Exposure> {
  const period = checkedPeriod(filter);
  const now = new Date();
  const asOf = options.asOf && options.asOf < now ? options.asOf : now;
  const locale = options.locale ?? 'fr';
  const clean: ExposureFilter = Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''),
  ) as unknown as ExposureFilter;
  if (options.cache === false) return build(clean, period, { asOf, locale, generation: undefined });
  const generation = await exposureGeneration();
  const parts = {
    filter: clean,
    asOf: asOf === now ? null : asOf.toISOString(),
    locale,
    today: hubDay(now, config().HUB_TIMEZONE),
  };
  return cachedExposure(generation, parts, () => build(clean, period, { asOf, locale, generation }));
}

/**
 * Reads every published post into the cached month rows now (one scan on FerretDB), so that
 * the next exposure queries answer from Redis: for benchmarks and after start-up.
 * @returns how many published posts were read (0 when Redis does not answer).
 */
export async function warmExposure(): Promise<number> {
  const generation = await exposureGeneration();
  return generation === undefined ? 0 : warmExposureRows(generation);
}
