import { exposure } from '../statistics/exposure.service.js';
import type { Exposure, ExposureFilter } from '../statistics/exposure.types.js';
import { describeMetricDefinitions } from '../statistics/metric-definitions.js';
import type { Locale } from '../users/user.model.js';

/**
 * The exposure figures of one scope for a period, from the snapshots taken at or before
 * `asOf` (read fresh, not from the exposure cache: these figures are frozen).
 */
export function figuresFor(filter: ExposureFilter, asOf: Date): Promise<Exposure> {
  return exposure(filter, { asOf, cache: false });
}

/** The metric definitions a report's figures use, described in the reader's language. */
export function definitionsIn(
  figures: Pick<Exposure, 'definitions' | 'definitionIds'>,
  locale: Locale,
): string[] {
  return figures.definitionIds?.map((id) => describeMetricDefinitions(id, locale)) ?? figures.definitions;
}
