/**
 * What each platform accepts for a post image. Facebook recommends JPEG under 4 MB for
 * photos posted through the Graph API; LinkedIn's Images API takes up to 36,152,320 pixels
 * and we keep its files under 5 MB so uploads stay quick.
 */
export const PLATFORM_LIMITS = {
  facebook: { maxBytes: 4 * 1024 * 1024 - 1, maxPixels: 36_152_320 },
  linkedin: { maxBytes: 5 * 1024 * 1024, maxPixels: 36_152_320 },
  any: { maxBytes: 4 * 1024 * 1024 - 1, maxPixels: 36_152_320 },
} as const;
