import { type Config, config } from '../../config/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The cadence settings, in ms (from STATS_* in server/config). */
export interface StatsCadence {
  earlyIntervalMs: number;
  earlyForMs: number;
  intervalMs: number;
  lateAfterMs: number;
  lateIntervalMs: number;
  stopAfterMs: number;
}

export function statsCadence(cfg: Config = config()): StatsCadence {
  return {
    earlyIntervalMs: cfg.STATS_EARLY_INTERVAL_MINUTES * MINUTE,
    earlyForMs: cfg.STATS_EARLY_HOURS * HOUR,
    intervalMs: cfg.STATS_INTERVAL_MINUTES * MINUTE,
    lateAfterMs: cfg.STATS_LATE_AFTER_DAYS * DAY,
    lateIntervalMs: cfg.STATS_LATE_INTERVAL_MINUTES * MINUTE,
    stopAfterMs: cfg.STATS_STOP_AFTER_DAYS * DAY,
  };
}

/** The reading interval for a post of this age (ms since publication). */
export function statsIntervalAt(ageMs: number, cadence: StatsCadence): number {
  if (ageMs < cadence.earlyForMs) return cadence.earlyIntervalMs;
  if (ageMs < cadence.lateAfterMs) return cadence.intervalMs;
  return cadence.lateIntervalMs;
}

/**
 * When a published post's metrics are next due, after a read at `readAt` (or, for the first
 * read, `readAt` = `publishedAt`): hourly in the first 48 h, every 6 h until 30 days, daily
 * until 90 days (defaults; STATS_*), then null: no more reads. The last read falls on the
 * stop age itself, so the final lifetime values are recorded.
 */
export function nextStatsDue(
  publishedAt: Date,
  readAt: Date,
  cadence: StatsCadence = statsCadence(),
): Date | null {
  const published = publishedAt.getTime();
  const stop = published + cadence.stopAfterMs;
  const from = Math.max(readAt.getTime(), published);
  if (from >= stop) return null;
  const next = from + statsIntervalAt(from - published, cadence);
  return new Date(Math.min(next, stop));
}
