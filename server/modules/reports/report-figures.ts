import pLimit from 'p-limit';
import { config } from '../../config/index.js';
import { listChannels } from '../channels/channel.service.js';
import { everPublishedFor, type PublishedPost } from '../scheduling/published-posts.js';
import type { Exposure, ExposureFilter } from '../statistics/exposure.types.js';
import { tallyFigures } from '../statistics/exposure-figures.js';
import { labelFigures } from '../statistics/exposure-labels.js';
import { type MetricValues, metricsAsOf } from '../statistics/exposure-metrics.js';
import { type ExposurePeriod, exposurePeriod } from '../statistics/exposure-period.js';
import { postsOf } from '../statistics/exposure-rows.js';
import { describeMetricDefinitions } from '../statistics/metric-definitions.js';
import type { Locale } from '../users/user.model.js';

/** The month's posts and their metrics at `asOf`, read once for every scope of a build. */
interface MonthData {
  period: ExposurePeriod;
  posts: PublishedPost[];
  metrics: Map<string, MetricValues>;
  byEnterprise: Map<string, PublishedPost[]>;
  ownChannels: Set<string>;
}

async function monthData(days: { from: string; to: string }, asOf: Date): Promise<MonthData> {
  const period = exposurePeriod(days.from, days.to, config().HUB_TIMEZONE);
  const range = { startMs: period.previous.startMs, endMs: Math.min(period.endMs, asOf.getTime() + 1) };
  // Read from MongoDB, month by month (the month and the one before): an indexed equality on
  // MongoDB, one scan on FerretDB's SQLite backend. Not the exposure page's cached rows, which
  // load every month ever published whenever a write made them stale (each stats tick does).
  const [posts, channels] = await Promise.all([
    postsOf(period.months, range, {} as ExposureFilter, undefined),
    listChannels(),
  ]);
  const byEnterprise = new Map<string, PublishedPost[]>();
  for (const post of posts)
    for (const id of new Set(post.enterpriseIds)) {
      const list = byEnterprise.get(id);
      if (list) list.push(post);
      else byEnterprise.set(id, [post]);
    }
  const ownChannels = new Set(
    channels.flatMap((c) => (c.owner.kind === 'enterprise' ? [c.owner.enterpriseId] : [])),
  );
  return { period, posts, metrics: await metricsAsOf(posts, asOf), byEnterprise, ownChannels };
}

async function scopeFigures(data: MonthData, asOf: Date, enterpriseId?: string): Promise<Exposure> {
  const { period } = data;
  const posts = enterpriseId ? (data.byEnterprise.get(enterpriseId) ?? []) : data.posts;
  const raw = tallyFigures(posts, data.metrics, period, enterpriseId);
  const labelled = await labelFigures(raw, data.metrics);
  const filter: ExposureFilter = {
    from: period.from,
    to: period.to,
    ...(enterpriseId ? { enterpriseId } : {}),
  };
  const figures: Exposure = {
    filter,
    asOf: asOf.toISOString(),
    totals: raw.totals.totals(),
    previous: raw.previous.totals(),
    previousPeriod: { from: period.previous.from, to: period.previous.to },
    ...labelled,
    series: raw.series,
    definitions: raw.definitionIds.map((id) => describeMetricDefinitions(id, 'fr')),
    definitionIds: raw.definitionIds,
  };
  if (raw.totals.posts === 0) {
    const noChannel =
      enterpriseId && !data.ownChannels.has(enterpriseId) && !(await everPublishedFor(enterpriseId));
    figures.empty = noChannel ? 'no-channel' : 'no-publications';
  }
  return figures;
}

/**
 * The figures of a month for the hub (key 'hub') and for each enterprise, as exposure() gives
 * them one by one, but from one read of the month's publications and metrics split by
 * enterprise here: a build of 100 enterprises costs a few queries, not 101 scans.
 */
export async function monthFigures(
  days: { from: string; to: string },
  asOf: Date,
  enterpriseIds: string[],
): Promise<Map<string, Exposure>> {
  const data = await monthData(days, asOf);
  const limit = pLimit(8);
  const result = new Map<string, Exposure>();
  await Promise.all(
    ['hub', ...enterpriseIds].map((key) =>
      limit(async () => result.set(key, await scopeFigures(data, asOf, key === 'hub' ? undefined : key))),
    ),
  );
  return result;
}

/** The metric definitions a report's figures use, described in the reader's language. */
export function definitionsIn(
  figures: Pick<Exposure, 'definitions' | 'definitionIds'>,
  locale: Locale,
): string[] {
  return figures.definitionIds?.map((id) => describeMetricDefinitions(id, locale)) ?? figures.definitions;
}
