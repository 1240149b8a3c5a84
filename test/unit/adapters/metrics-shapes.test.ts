import { describe, expect, it } from 'vitest';
import { metricNumber } from '../../../server/modules/channels/adapters/facebook/metrics.js';
import { facebookCaption } from '../../../server/modules/channels/adapters/facebook/publish.js';
import { statisticsQuery, toMetrics } from '../../../server/modules/channels/adapters/linkedin/metrics.js';

describe('LinkedIn statistics query', () => {
  it('is Rest.li 2.0 List syntax: URNs percent-encoded, List( , ) literal', () => {
    expect(statisticsQuery('123', ['urn:li:share:1', 'urn:li:share:2'])).toBe(
      '/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A123&shares=List(urn%3Ali%3Ashare%3A1,urn%3Ali%3Ashare%3A2)',
    );
  });

  it('chooses ugcPosts= for ugcPost URNs', () => {
    expect(statisticsQuery('urn:li:organization:9', ['urn:li:ugcPost:7'])).toContain(
      '&ugcPosts=List(urn%3Ali%3AugcPost%3A7)',
    );
  });

  it('normalizes a row; a negative like count counts as 0, in reactions and in the rate', () => {
    expect(
      toMetrics({
        impressionCount: 100,
        clickCount: 5,
        likeCount: -2,
        commentCount: 1,
        shareCount: 1,
        engagement: 0.05,
      }),
    ).toEqual({
      views: 100,
      reach: null,
      clicks: 5,
      reactions: 0,
      comments: 1,
      shares: 1,
      // (5 + 0 + 1 + 1) / 100: LinkedIn's own 0.05 counted the -2 likes.
      engagementRate: 0.07,
      missing: ['reach'],
    });
    expect(toMetrics(undefined)).toMatchObject({ views: 0, clicks: 0 });
    expect(toMetrics(undefined).missing).toHaveLength(6);
  });
});

describe('Facebook metric values', () => {
  it('accepts a number or a breakdown object', () => {
    expect(metricNumber(54)).toBe(54);
    expect(metricNumber({ like: 3, love: 2, wow: 1, haha: 0, sorry: 0, anger: 0 })).toBe(6);
    expect(metricNumber(undefined)).toBe(0);
  });

  it('puts the link in the caption once', () => {
    expect(facebookCaption('Bravo', 'https://x.org')).toBe('Bravo\n\nhttps://x.org');
    expect(facebookCaption('Voir https://x.org', 'https://x.org')).toBe('Voir https://x.org');
  });
});
