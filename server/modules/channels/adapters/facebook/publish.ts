import { UnknownOutcomeError } from '../adapter-errors.js';
import type { ImagePost, PublishResult } from '../platform.types.js';
import type { GraphClient } from './graph-client.js';

/** The caption Facebook receives: the link goes in the text, since a photo post has no link field. */
export function facebookCaption(caption: string, link?: string): string {
  const text = caption.trim();
  if (!link || text.includes(link)) return text;
  return text ? `${text}\n\n${link}` : link;
}

/**
 * One photo post: POST /{page-id}/photos with the image as multipart `source`.
 * Keeps `post_id` (the feed post), which insights and counts need, not the photo id.
 */
export async function facebookPublishPhoto(client: GraphClient, post: ImagePost): Promise<PublishResult> {
  const { externalId, accessToken } = post.credentials;
  const form = new FormData();
  // A view on the image's bytes (no copy): the Blob makes the one copy it needs.
  const bytes = new Uint8Array(
    post.image.buffer as ArrayBuffer,
    post.image.byteOffset,
    post.image.byteLength,
  );
  form.append('source', new Blob([bytes], { type: post.mime }), fileName(post.mime));
  form.append('caption', facebookCaption(post.caption, post.link));
  form.append('published', 'true');
  if (post.altText) form.append('alt_text_custom', post.altText);

  const created = await client.call<{ id?: string; post_id?: string }>({
    method: 'POST',
    path: `/${encodeURIComponent(externalId)}/photos`,
    token: accessToken,
    body: form,
    what: 'publishing the photo',
    createsContent: true,
  });
  if (!created.post_id) {
    // The photo exists but the post id is missing: publishing again would duplicate it.
    throw new UnknownOutcomeError({
      platform: 'facebook',
      code: 'post_id_missing',
      reason: `Facebook created photo ${created.id ?? '?'} but returned no post id; check the page before retrying.`,
    });
  }
  return { postId: created.post_id, permalink: await permalinkOf(client, created.post_id, accessToken) };
}

/** The post is already published: a failure here must not fail the publication. */
async function permalinkOf(client: GraphClient, postId: string, token: string): Promise<string> {
  try {
    const answer = await client.call<{ permalink_url?: string }>({
      path: `/${encodeURIComponent(postId)}`,
      token,
      params: { fields: 'id,permalink_url' },
      what: 'reading the post link',
    });
    if (answer.permalink_url) return answer.permalink_url;
  } catch {
    // fall through to the link built from the id
  }
  return (
    client.settings.permalink?.(postId, postId.split('_')[0] ?? '') ?? `https://www.facebook.com/${postId}`
  );
}

function fileName(mime: string): string {
  return mime === 'image/png' ? 'image.png' : 'image.jpg';
}
