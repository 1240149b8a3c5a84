import type { AdapterError } from '../adapter-errors.js';
import { classifyFacebookError } from './errors.js';
import type { GraphClient } from './graph-client.js';

/** Graph takes at most 50 operations in one batch request. */
export const GRAPH_BATCH_MAX = 50;

/** One read in a batch: a path relative to the version, with its query string. */
export interface BatchRead {
  relativeUrl: string;
}

/** The answer to one operation: its JSON body, or the adapter error its answer classifies as. */
export type BatchAnswer = { ok: true; data: unknown } | { ok: false; error: AdapterError };

interface RawAnswer {
  code?: number;
  headers?: { name?: string; value?: string }[];
  body?: string;
}

function parseBody(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Sends up to 50 GET operations in one `POST /` with `batch=[…]` (Graph batch requests), the
 * token in the Authorization header. Each operation is answered on its own: a failed one is
 * classified as any Graph answer would be, from its code, body and headers (throttles carry
 * the wait from its X-Business-Use-Case-Usage). An operation Graph left unanswered (null:
 * timed out) is a retryable error. Throws when the batch itself fails (token, throttle).
 */
export async function graphBatch(
  client: GraphClient,
  token: string,
  reads: BatchRead[],
  what: string,
): Promise<BatchAnswer[]> {
  if (reads.length > GRAPH_BATCH_MAX) throw new Error(`a Graph batch holds at most ${GRAPH_BATCH_MAX}`);
  if (reads.length === 0) return [];
  const batch = reads.map((r) => ({ method: 'GET', relative_url: r.relativeUrl }));
  const answers = await client.call<(RawAnswer | null)[]>({
    method: 'POST',
    path: '/',
    token,
    body: { batch: JSON.stringify(batch), include_headers: 'true' },
    what,
  });
  return reads.map((_r, i) => {
    const raw = Array.isArray(answers) ? answers[i] : undefined;
    if (!raw) {
      return {
        ok: false,
        error: classifyFacebookError({
          status: 503,
          data: { error: { message: 'No answer in the batch', code: 2, is_transient: true } },
          headers: {},
        }),
      };
    }
    const data = parseBody(raw.body);
    const status = raw.code ?? 500;
    const hasError = typeof data === 'object' && data !== null && 'error' in data;
    if (status < 400 && !hasError) return { ok: true, data };
    const headers = Object.fromEntries(
      (raw.headers ?? []).map((h) => [String(h.name ?? '').toLowerCase(), h.value]),
    );
    return { ok: false, error: classifyFacebookError({ status, data, headers }) };
  });
}
