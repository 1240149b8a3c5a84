import { describe, expect, it } from 'vitest';
import { littleText } from '../../server/simulator/linkedin/little-text.js';
import { postMetrics, split } from '../../server/simulator/metrics.js';
import { memo } from '../../server/simulator/store/memo.js';

const DAY = 86_400_000;
const published = new Date('2026-10-01T12:00:00Z');
const at = (days: number) => new Date(published.getTime() + days * DAY);

describe('post metrics', () => {
  it('are the same for the same post and moment, and differ between posts', () => {
    expect(postMetrics('123_456', published, at(3))).toEqual(postMetrics('123_456', published, at(3)));
    expect(postMetrics('123_456', published, at(3)).views).not.toBe(
      postMetrics('123_789', published, at(3)).views,
    );
  });

  it('start at zero, grow with time and saturate over days', () => {
    const series = [0, 0.5, 1, 2, 5, 10, 30, 60].map((d) => postMetrics('urn:li:share:7', published, at(d)));
    expect(series[0]?.views).toBe(0);
    for (let i = 1; i < series.length; i++) {
      const [before, after] = [series[i - 1], series[i]];
      for (const key of ['views', 'uniqueViews', 'clicks', 'reactions', 'comments', 'shares'] as const) {
        expect(after?.[key]).toBeGreaterThanOrEqual(before?.[key] ?? 0);
      }
    }
    const last = series.at(-1)?.views ?? 0;
    expect(last - (series.at(-2)?.views ?? 0)).toBeLessThanOrEqual(Math.ceil(last * 0.02));
  });

  it('keep reach within views and breakdowns equal to their totals', () => {
    for (let i = 0; i < 200; i++) {
      const m = postMetrics(`post-${i}`, published, at(1 + (i % 20)));
      expect(m.uniqueViews).toBeLessThanOrEqual(m.views);
      expect(m.clicks + m.reactions + m.comments + m.shares).toBeLessThanOrEqual(m.views);
      expect(Object.values(m.clicksByType).reduce((a, b) => a + b, 0)).toBe(m.clicks);
      expect(Object.values(m.reactionsByType).reduce((a, b) => a + b, 0)).toBe(m.reactions);
    }
  });

  it('split a total exactly by weights', () => {
    expect(split(10, ['a', 'b', 'c'], [1, 1, 1])).toEqual({ a: 4, b: 3, c: 3 });
    expect(split(0, ['a'], [1])).toEqual({ a: 0 });
  });
});

describe('LinkedIn little text', () => {
  const shown = (text: string) => littleText(text).display;

  it('is cut at the first unescaped reserved character, as LinkedIn silently does', () => {
    expect(shown('Prix (taxes incluses)')).toBe('Prix ');
    expect(shown('Nous sommes 100% fiers | merci')).toBe('Nous sommes 100% fiers ');
    expect(shown('snake_case')).toBe('snake');
    expect(shown('a < b')).toBe('a ');
    expect(shown('fin\\')).toBe('fin');
  });

  it('unescapes backslash escapes and keeps hashtags and mentions', () => {
    expect(shown('Prix \\(taxes\\) \\| \\_ \\\\ ok')).toBe('Prix (taxes) | _ \\ ok');
    expect(shown('Vive #ESS et #économie')).toBe('Vive #ESS et #économie');
    expect(shown('Merci @[Coop Nord](urn:li:organization:42) !')).toBe('Merci Coop Nord !');
    expect(shown('Un # seul')).toBe('Un ');
    expect(shown('@ quelqu’un')).toBe('');
  });

  it('keeps the escaped prefix that survived as the stored commentary', () => {
    expect(littleText('a \\(b\\) (c)').kept).toBe('a \\(b\\) ');
  });
});

describe('store memo', () => {
  it('calls that miss while the same key loads share that load, then hit', async () => {
    const cache = memo<{ n: number }>({ max: 10, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { n: loads };
    };
    const answers = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(answers).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(await cache.get('k', load)).toEqual({ n: 1 });
    expect(loads).toBe(1);
  });

  it('a load overtaken by forget() answers its callers but is not kept', async () => {
    const cache = memo<{ n: number }>({ max: 10, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { n: loads };
    };
    const first = cache.get('k', load);
    cache.forget('k');
    expect(await first).toEqual({ n: 1 });
    expect(await cache.get('k', load)).toEqual({ n: 2 });
    cache.set('k', { n: 9 });
    expect(cache.peek('k')).toEqual({ n: 9 });
  });
});
