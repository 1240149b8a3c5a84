import { RetryableError } from '../adapter-errors.js';
import type { ReadBackQuery, ReadBackResult } from '../platform.types.js';
import { escapeLittleText } from './little-text.js';
import { linkedInText } from './publish.js';
import { organizationUrn, type RestClient } from './rest-client.js';

/** Read a little before `since`: our clock and LinkedIn's differ. */
const SINCE_MARGIN_MS = 120_000;
const COUNT = 20;
const MAX_PAGES = 50;

interface PostElement {
  id?: string;
  commentary?: string;
  createdAt?: number;
  lastModifiedAt?: number;
}

/**
 * Looks for the post `query` describes among the organization's posts (PLATFORMS.md,
 * Reading back what was posted): "Find Posts by Authors", sorted by last modification and
 * paged by start/count until a post was last modified before `since` (then every later one
 * was created before it too) or the pages run out. `commentary` is compared with exactly the
 * escaped text publishing sent.
 */
export async function linkedInFindPublished(
  client: RestClient,
  query: ReadBackQuery,
): Promise<ReadBackResult> {
  const { externalId, accessToken } = query.credentials;
  const author = encodeURIComponent(organizationUrn(externalId));
  const expected = escapeLittleText(linkedInText(query.caption, query.link)).trim();
  const exclude = new Set(query.excludePostIds ?? []);
  const since = query.since.getTime() - SINCE_MARGIN_MS;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await client.call<{ elements?: PostElement[] }>({
      url: `/rest/posts?q=author&author=${author}&count=${COUNT}&start=${page * COUNT}&sortBy=LAST_MODIFIED`,
      token: accessToken,
      what: "reading the organization's recent posts",
    });
    const elements = data.elements ?? [];
    for (const el of elements) {
      if ((el.lastModifiedAt ?? el.createdAt ?? 0) < since) return { found: false };
      const recent = (el.createdAt ?? 0) >= since;
      if (el.id && recent && !exclude.has(el.id) && (el.commentary ?? '').trim() === expected) {
        const permalink =
          client.settings.permalink?.(el.id, externalId) ?? `https://www.linkedin.com/feed/update/${el.id}/`;
        return { found: true, postId: el.id, permalink };
      }
    }
    if (elements.length < COUNT) return { found: false };
  }
  throw new RetryableError({
    platform: 'linkedin',
    code: 'read_back_incomplete',
    reason:
      "Could not read all of the organization's posts since the publication; the outcome stays unknown.",
  });
}
