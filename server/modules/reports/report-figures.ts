import type { Exposure, ExposureFilter } from '../statistics/exposure.types.js';

// TEMPORARY stub until the exposure branch is merged: then this calls its exposure().
const zero = {
  adsPublished: 0,
  posts: 0,
  views: 0,
  reach: 0,
  engagements: 0,
  clicks: 0,
  engagementRate: 0,
};

/** The exposure figures of one scope for a period, from the snapshots taken at or before `asOf`. */
export async function figuresFor(filter: ExposureFilter, asOf: Date): Promise<Exposure> {
  return {
    filter,
    asOf: asOf.toISOString(),
    totals: { ...zero },
    previous: { ...zero },
    byCampaign: [],
    byChannel: [],
    byPlatform: [],
    byTerritory: [],
    series: [],
    topPosts: [],
    definitions: [],
    empty: 'no-publications',
  };
}
