/** Graph's rate-limit headers (PLATFORMS.md, Errors and rate limits): JSON strings of percentages. */

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * How long Facebook asks us to wait, from X-Business-Use-Case-Usage
 * (`estimated_time_to_regain_access`, in minutes), or undefined when it does not say.
 */
export function regainAccessMs(headers: Record<string, unknown>): number | undefined {
  const buc = parseJson(headers['x-business-use-case-usage']) as Record<string, unknown> | undefined;
  if (!buc || typeof buc !== 'object') return undefined;
  let minutes = 0;
  for (const entries of Object.values(buc)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const value = Number(
        (entry as { estimated_time_to_regain_access?: unknown }).estimated_time_to_regain_access,
      );
      if (Number.isFinite(value)) minutes = Math.max(minutes, value);
    }
  }
  return minutes > 0 ? minutes * 60_000 : undefined;
}

/** The highest usage percentage among X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage. */
export function usagePercent(headers: Record<string, unknown>): number {
  let max = 0;
  const scan = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(scan);
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'number' && ['call_count', 'total_time', 'total_cputime'].includes(key)) {
        max = Math.max(max, v);
      } else scan(v);
    }
  };
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage', 'x-business-use-case-usage']) {
    scan(parseJson(headers[name]));
  }
  return max;
}
