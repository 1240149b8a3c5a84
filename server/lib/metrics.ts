/**
 * Prometheus metrics of this process (prom-client). Stub: the operations work fills it in;
 * the publish worker calls these two functions.
 */

/** Counts one publish attempt's outcome: published, retryable, permanent, reconnect, unknown_outcome, missed. */
export function recordPublishOutcome(_outcome: string, _platform: string): void {}

/** Observes how late a publication went out: publishedAt − scheduledAt, in ms (≥ 0). */
export function observePublishLateness(_ms: number, _platform: string): void {}
