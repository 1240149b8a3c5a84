import { PermanentError, RetryableError, UnknownOutcomeError } from '../adapter-errors.js';
import type { ImagePost, PublishResult } from '../platform.types.js';
import { header } from '../transport.js';
import { escapeLittleText } from './little-text.js';
import { organizationUrn, type RestClient } from './rest-client.js';

/** The text as people will read it: caption, then the link on its own line. */
export function linkedInText(caption: string, link?: string): string {
  const text = caption.trim();
  if (!link || text.includes(link)) return text;
  return text ? `${text}\n\n${link}` : link;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function uploadImage(client: RestClient, post: ImagePost, owner: string): Promise<string> {
  const token = post.credentials.accessToken;
  const { data } = await client.call<{ value?: { uploadUrl?: string; image?: string } }>({
    method: 'POST',
    url: '/rest/images?action=initializeUpload',
    token,
    body: { initializeUploadRequest: { owner } },
    what: 'preparing the image upload',
  });
  const { uploadUrl, image } = data.value ?? {};
  if (!uploadUrl || !image) {
    throw new RetryableError({
      platform: 'linkedin',
      code: 'upload_not_initialized',
      reason: 'LinkedIn returned no upload URL for the image.',
    });
  }
  await client.call({
    method: 'PUT',
    url: uploadUrl,
    token,
    body: post.image,
    headers: { 'Content-Type': post.mime },
    what: 'uploading the image',
  });
  await waitUntilAvailable(client, image, token);
  return image;
}

/** The image can only be attached once LinkedIn has processed it; PROCESSING_FAILED is final. */
async function waitUntilAvailable(client: RestClient, image: string, token: string): Promise<void> {
  const interval = client.settings.pollIntervalMs ?? 1000;
  const deadline = Date.now() + (client.settings.pollTimeoutMs ?? 60_000);
  for (;;) {
    const { data } = await client.call<{ status?: string }>({
      url: `/rest/images/${encodeURIComponent(image)}`,
      token,
      what: 'checking the image processing',
    });
    if (data.status === 'AVAILABLE') return;
    if (data.status === 'PROCESSING_FAILED') {
      throw new PermanentError({
        platform: 'linkedin',
        code: 'PROCESSING_FAILED',
        reason: 'LinkedIn could not process the image; export it again as JPG or PNG.',
      });
    }
    if (Date.now() + interval > deadline) {
      throw new RetryableError({
        platform: 'linkedin',
        code: 'PROCESSING',
        reason: 'LinkedIn is still processing the image; try again shortly.',
      });
    }
    await sleep(interval);
  }
}

/**
 * Image post as the organization: initializeUpload → PUT the bytes → wait until
 * AVAILABLE → POST /rest/posts. The post id comes from the x-restli-id header.
 */
export async function linkedInPublishImage(client: RestClient, post: ImagePost): Promise<PublishResult> {
  const author = organizationUrn(post.credentials.externalId);
  const image = await uploadImage(client, post, author);
  const response = await client.call({
    method: 'POST',
    url: '/rest/posts',
    token: post.credentials.accessToken,
    body: {
      author,
      commentary: escapeLittleText(linkedInText(post.caption, post.link)),
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      content: { media: { id: image, ...(post.altText ? { altText: post.altText } : {}) } },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    },
    what: 'publishing the post',
    createsContent: true,
  });
  const rawId = header(response, 'x-restli-id') ?? (response.data as { id?: string } | undefined)?.id;
  const postId = rawId?.startsWith('urn%3A') ? decodeURIComponent(rawId) : rawId;
  if (!postId) {
    throw new UnknownOutcomeError({
      platform: 'linkedin',
      code: 'post_id_missing',
      httpStatus: response.status,
      reason: 'LinkedIn accepted the post but returned no post id; check the page before retrying.',
    });
  }
  const permalink =
    client.settings.permalink?.(postId, post.credentials.externalId) ??
    `https://www.linkedin.com/feed/update/${postId}/`;
  return { postId, permalink };
}
