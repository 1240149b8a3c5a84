import type { Request, Response } from 'express';
import { sniffImage } from '../media.js';
import { LINKEDIN_PROCESSING_MS, LINKEDIN_UPLOAD_URL_TTL_MS } from '../simulator.constants.js';
import { storeMedia } from '../store/grouped.js';
import { findImage, rememberImage } from '../store/lookups.js';
import { storeBytes } from '../store/media-bytes.js';
import { SimMedia, type SimMediaDoc } from '../store/sim.models.js';
import { getFaults, opaque, simNow } from '../store/sim.store.js';
import { bearer, guardOrg, orgIdOf, orgUrn, rest } from './li-context.js';
import { liErrors, unprocessable } from './li-errors.js';

/** An image's status at `now`: PROCESSING for a moment after the upload, then final. */
export function imageStatus(image: SimMediaDoc, now: Date): string {
  if (image.status === 'WAITING_UPLOAD') return image.status;
  return image.availableAt && image.availableAt > now ? 'PROCESSING' : image.status;
}

/** POST /rest/images?action=initializeUpload */
export async function initializeUpload(req: Request, res: Response): Promise<void> {
  if (req.query.action !== 'initializeUpload') throw liErrors.badQuery('Unsupported action');
  const owner = (req.body as { initializeUploadRequest?: { owner?: unknown } } | undefined)
    ?.initializeUploadRequest?.owner;
  const orgId = orgIdOf(owner);
  if (!orgId)
    throw unprocessable(
      '/initializeUploadRequest/owner :: invalid owner',
      'INVALID_VALUE',
      'owner must be an organization URN',
      'initializeUploadRequest.owner',
    );
  await guardOrg(res, orgId, 'write', 'images');
  const { now } = rest(res);
  const image = `urn:li:image:C4E10AQ${opaque(12)}`;
  const uploadKey = opaque(24);
  const uploadExpiresAt = new Date(now.getTime() + LINKEDIN_UPLOAD_URL_TTL_MS);
  const created = await storeMedia({
    _id: image,
    mediaId: image,
    platform: 'linkedin',
    accountId: orgId,
    status: 'WAITING_UPLOAD',
    uploadKey,
    uploadExpiresAt,
    createdAt: now,
  });
  rememberImage(created);
  res.json({
    value: {
      uploadUrlExpiresAt: uploadExpiresAt.getTime(),
      // The image id rides in the upload URL, so the upload finds its image by `_id`.
      uploadUrl: `${res.locals.simPublicUrl}/linkedin/dms-uploads/${encodeURIComponent(image)}~${uploadKey}`,
      image,
    },
  });
}

/** PUT /dms-uploads/{key}: the raw bytes, in one request, with the member's Bearer token. */
export async function upload(req: Request, res: Response): Promise<void> {
  const now = await simNow();
  await bearer(req, now);
  const [mediaId, key] = String(req.params.key).split('~');
  const found = mediaId && key ? await findImage(decodeURIComponent(mediaId), { forUpload: true }) : null;
  const image = found?.uploadKey === key ? found : null;
  if (!image?.uploadExpiresAt || image.uploadExpiresAt <= now)
    throw liErrors.notFound('Upload URL not found or expired');
  const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const faults = await getFaults('linkedin', image.accountId);
  const contentType = sniffImage(data);
  const processingMs = faults.processingMs ?? LINKEDIN_PROCESSING_MS;
  const bytesId = await storeBytes(data);
  const uploaded = {
    bytesId,
    size: data.length,
    contentType,
    status: contentType && !faults.processingFails ? 'AVAILABLE' : 'PROCESSING_FAILED',
    availableAt: new Date(now.getTime() + processingMs),
  };
  await SimMedia.updateOne({ _id: image._id }, { $set: uploaded });
  rememberImage({ ...image, ...uploaded });
  res.status(201).end();
}

/** GET /rest/images/{urn} */
export async function getImage(req: Request, res: Response): Promise<void> {
  const urn = String(req.params.urn);
  const image = await findImage(urn);
  if (!image) throw liErrors.notFound(`Image ${urn} not found`);
  await guardOrg(res, image.accountId, 'read', 'images');
  const { now } = rest(res);
  const status = imageStatus(image, now);
  res.json({
    owner: orgUrn(image.accountId),
    id: image.mediaId,
    status,
    ...(status === 'AVAILABLE'
      ? {
          downloadUrl: `${res.locals.simPublicUrl}/media/${encodeURIComponent(image.mediaId)}`,
          downloadUrlExpiresAt: now.getTime() + 3_600_000,
        }
      : {}),
    mediaType: image.contentType ?? undefined,
  });
}
