import { facebookCaption } from './facebook/publish.js';
import { linkedInText } from './linkedin/publish.js';
import type { Platform } from './platform.types.js';

/**
 * The one caption rule of a platform: its limit and how it counts. Ad validation, the ad
 * model, the scheduler's checks, the editor's counters and the adapters all read it here.
 */
export interface CaptionRule {
  platform: Platform;
  /** The platform's name as people write it. */
  label: string;
  /** The most characters the platform accepts, counted by `count`. */
  maxChars: number;
  /** The text the platform receives for a caption and its link (before any escaping). */
  text(caption: string, link?: string): string;
  /** The post's length as the platform counts it, link included. */
  count(caption: string, link?: string): number;
}

/**
 * Both platforms count UTF-16 code units (their servers' string length: LinkedIn's "ShareCommentary
 * text length (3020 characters) exceeded the maximum allowed (3000 characters)"): an emoji such
 * as 🎉 counts 2. LinkedIn counts the text as people read it, before the little-text escapes.
 * Facebook's documented limit for a post's message is 63,206 characters.
 */
export const captionRules: Record<Platform, CaptionRule> = {
  facebook: {
    platform: 'facebook',
    label: 'Facebook',
    maxChars: 63_206,
    text: facebookCaption,
    count: (caption, link) => facebookCaption(caption, link).length,
  },
  linkedin: {
    platform: 'linkedin',
    label: 'LinkedIn',
    maxChars: 3000,
    text: linkedInText,
    count: (caption, link) => linkedInText(caption, link).length,
  },
};

/** The largest of the platforms' limits: a bound for a caption that may go to either. */
export const longestCaptionLimit = Math.max(...Object.values(captionRules).map((r) => r.maxChars));

/**
 * The problem with a caption on a platform, without echoing the caption: undefined when it
 * fits. The message names the count, the platform, its limit and how much to remove.
 */
export function captionTooLong(platform: Platform, caption: string, link?: string): string | undefined {
  const rule = captionRules[platform];
  const length = rule.count(caption, link);
  if (length <= rule.maxChars) return undefined;
  return `is ${length} characters as ${rule.label} counts them${link ? ' with the link' : ''}; ${rule.label} accepts at most ${rule.maxChars} (remove ${length - rule.maxChars})`;
}
