import { RetryableError } from '../adapter-errors.js';
import type { ReadBackQuery, ReadBackResult } from '../platform.types.js';
import { nextCursor } from './auth.js';
import type { GraphClient } from './graph-client.js';
import { facebookCaption } from './publish.js';

/** Seconds read before `since`: our clock and Facebook's differ, and created_time has no milliseconds. */
const SINCE_MARGIN_S = 120;
const PAGE_SIZE = 25;
/** A page posting more than this many times in a publish window is not a case to page through. */
const MAX_PAGES = 40;

interface PublishedRow {
  id?: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
}

interface PublishedPage {
  data?: PublishedRow[];
  paging?: { next?: string; cursors?: { after?: string } };
}

/** Multipart bodies carry line breaks as CRLF (the FormData rule): compare texts without that. */
const normalized = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/** Unix seconds of a Graph time (`2026-11-30T03:21:00+0000`), or NaN. */
const seconds = (time: string | undefined) => Date.parse((time ?? '').replace(/\+0000$/, 'Z')) / 1000;

/**
 * Looks for the post `query` describes among the page's published posts (PLATFORMS.md,
 * Reading back what was posted): GET /{page}/published_posts since `since`, newest first,
 * following the cursors until the posts are older than `since`. A photo post's `message`
 * is the caption sent, so it is compared with exactly what publishing sent (line breaks aside).
 */
export async function facebookFindPublished(
  client: GraphClient,
  query: ReadBackQuery,
): Promise<ReadBackResult> {
  const { externalId, accessToken } = query.credentials;
  const expected = normalized(facebookCaption(query.caption, query.link));
  const exclude = new Set(query.excludePostIds ?? []);
  const since = Math.floor(query.since.getTime() / 1000) - SINCE_MARGIN_S;
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.call<PublishedPage>({
      path: `/${encodeURIComponent(externalId)}/published_posts`,
      token: accessToken,
      params: {
        fields: 'id,message,created_time,permalink_url',
        since,
        limit: PAGE_SIZE,
        ...(after ? { after } : {}),
      },
      what: "reading the page's recent posts",
    });
    for (const row of answer.data ?? []) {
      if (seconds(row.created_time) < since) return { found: false };
      if (row.id && !exclude.has(row.id) && normalized(row.message ?? '') === expected) {
        const permalink =
          row.permalink_url ??
          client.settings.permalink?.(row.id, externalId) ??
          `https://www.facebook.com/${row.id}`;
        return { found: true, postId: row.id, permalink };
      }
    }
    if (!answer.paging?.next) return { found: false };
    // The `next` URL carries the token in its query: follow its cursor rather than the URL.
    after = nextCursor(answer.paging);
    if (!after) break;
  }
  throw new RetryableError({
    platform: 'facebook',
    code: 'read_back_incomplete',
    reason: "Could not read all of the page's posts since the publication; the outcome stays unknown.",
  });
}
