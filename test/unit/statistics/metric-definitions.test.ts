import { describe, expect, it } from 'vitest';
import {
  describeMetricDefinitions,
  metricDefinitionSet,
  metricDefinitions,
} from '../../../server/modules/statistics/metric-definitions.js';

describe('metric definitions', () => {
  it('Facebook views are post_impressions before 2025-11-15 and post_media_view from that day', () => {
    const before = metricDefinitions('facebook', new Date('2025-11-14T23:59:59Z'));
    const after = metricDefinitions('facebook', new Date('2025-11-15T00:00:00Z'));
    expect(metricDefinitionSet(before)?.sources.views).toBe('post_impressions');
    expect(metricDefinitionSet(after)?.sources.views).toBe('post_media_view');
    expect(metricDefinitionSet(after)?.sources.reach).toBe('post_impressions_unique');
  });

  it('Facebook reach is post_total_media_view_unique from 2026-06-15', () => {
    const id = metricDefinitions('facebook', new Date('2026-06-15T00:00:00Z'));
    expect(id).toBe('facebook:2026-06-15');
    expect(metricDefinitionSet(id)?.sources.reach).toBe('post_total_media_view_unique');
    expect(metricDefinitions('facebook', new Date('2026-06-14T12:00:00Z'))).toBe('facebook:2025-11-15');
  });

  it('LinkedIn reads impressionCount, uniqueImpressionsCount and clickCount, whatever the date', () => {
    const id = metricDefinitions('linkedin', new Date('2026-11-30T00:00:00Z'));
    expect(metricDefinitions('linkedin', new Date('2020-01-01T00:00:00Z'))).toBe(id);
    expect(metricDefinitionSet(id)?.sources).toMatchObject({
      views: 'impressionCount',
      reach: 'uniqueImpressionsCount',
      clicks: 'clickCount',
      reactions: 'likeCount',
    });
  });

  it('describes definitions in French and English, and names an unknown id', () => {
    expect(describeMetricDefinitions('facebook:2025-11-15', 'fr')).toBe(
      'Facebook (depuis le 2025-11-15) : vues = post_media_view, portée = post_impressions_unique, clics = post_clicks, réactions = reactions.summary.total_count, commentaires = comments.summary.total_count, partages = shares.count',
    );
    expect(describeMetricDefinitions('linkedin:2023-01-01', 'en')).toContain('views = impressionCount');
    expect(describeMetricDefinitions('linkedin:2023-01-01', 'en')).toContain(
      'negative likeCount counts as 0',
    );
    expect(describeMetricDefinitions('twitter:2030', 'en')).toBe('unknown definitions: twitter:2030');
  });
});
