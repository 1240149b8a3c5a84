import type { Readable } from 'node:stream';
import mongoose, { Types } from 'mongoose';
import { config } from '../../config/index.js';
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaError } from '../../lib/errors.js';
import { mongoDb } from '../../lib/mongo.js';
import { enterpriseScope } from '../access/access.policy.js';
import type { PublicUser } from '../users/user.service.js';
import { isImageType, sniffContentType } from './content-sniff.js';
import { prepareImage } from './image-probe.js';
import { assertSafeSvg } from './svg-check.js';

/** What a file is for; decides which content types are accepted. */
export type MediaKind = 'logo' | 'photo' | 'render' | 'report-pdf';

const acceptedTypes: Record<MediaKind, readonly string[]> = {
  logo: ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/svg+xml'],
  photo: ['image/png', 'image/jpeg', 'image/webp', 'image/heic'],
  render: ['image/png', 'image/jpeg'],
  'report-pdf': ['application/pdf'],
};

export interface SaveMediaInput {
  buffer: Buffer;
  filename: string;
  kind: MediaKind;
  /** The enterprise whose members may read the file; none means staff only. */
  ownerEnterpriseId?: string;
  /** Several owners (an ad's render featuring several enterprises). */
  ownerEnterpriseIds?: string[];
  /** Name of the input field, for error details. */
  field?: string;
}

export interface MediaInfo {
  id: string;
  filename: string;
  kind: MediaKind;
  contentType: string;
  bytes: number;
  width?: number;
  height?: number;
  enterpriseIds: string[];
  uploadedAt: Date;
}

interface MediaMetadata {
  kind: MediaKind;
  contentType: string;
  width?: number;
  height?: number;
  enterpriseIds: Types.ObjectId[];
}

interface MediaFileDoc {
  _id: Types.ObjectId;
  length: number;
  filename: string;
  uploadDate: Date;
  metadata: MediaMetadata;
}

function bucket() {
  return new mongoose.mongo.GridFSBucket(mongoDb(), { bucketName: 'media' });
}

function toInfo(doc: MediaFileDoc): MediaInfo {
  const m = doc.metadata;
  return {
    id: String(doc._id),
    filename: doc.filename,
    kind: m.kind,
    contentType: m.contentType,
    bytes: doc.length,
    ...(m.width ? { width: m.width, height: m.height } : {}),
    enterpriseIds: (m.enterpriseIds ?? []).map(String),
    uploadedAt: doc.uploadDate,
  };
}

function safeFilename(name: string): string {
  return (name.replace(/[^\w.\- ]+/g, '_').slice(-120) || 'file').trim();
}

/** Largest upload of a kind: logos and photos (phone photos, designers' files) may be larger than a CSV. */
export function maxUploadBytes(kind: MediaKind): number {
  const { MAX_UPLOAD_BYTES, MAX_IMAGE_UPLOAD_BYTES } = config();
  return kind === 'logo' || kind === 'photo' ? MAX_IMAGE_UPLOAD_BYTES : MAX_UPLOAD_BYTES;
}

/**
 * Checks the bytes (type sniffed from content, size, pixel count) and stores the file in
 * GridFS; logos and photos are stored re-encoded (see prepareImage), and the stored bytes
 * come back with the file's description.
 */
export async function saveMedia(input: SaveMediaInput): Promise<MediaInfo & { buffer: Buffer }> {
  const field = input.field ?? 'file';
  const { MAX_IMAGE_PIXELS } = config();
  const maxBytes = maxUploadBytes(input.kind);
  if (input.buffer.length > maxBytes) {
    throw new PayloadTooLargeError(`The file is larger than ${maxBytes} bytes.`, [
      { field, message: `is larger than ${maxBytes} bytes` },
    ]);
  }
  const contentType = sniffContentType(input.buffer);
  const accepted = acceptedTypes[input.kind];
  if (!contentType || !accepted.includes(contentType)) {
    const message = `must be one of ${accepted.join(', ')} (the content was ${contentType ?? 'not recognised'})`;
    throw new UnsupportedMediaError(`The ${field} is not an accepted file type.`, [{ field, message }]);
  }
  if (contentType === 'image/svg+xml') assertSafeSvg(input.buffer, field);
  const image = isImageType(contentType)
    ? await prepareImage(input.buffer, input.kind as 'logo' | 'photo' | 'render', field, {
        maxBytes,
        maxPixels: MAX_IMAGE_PIXELS,
      })
    : undefined;
  const buffer = image?.buffer ?? input.buffer;
  const owners = [
    ...(input.ownerEnterpriseIds ?? []),
    ...(input.ownerEnterpriseId ? [input.ownerEnterpriseId] : []),
  ];
  const metadata: MediaMetadata = {
    kind: input.kind,
    contentType: image?.contentType ?? contentType,
    ...(image ? { width: image.width, height: image.height } : {}),
    enterpriseIds: [...new Set(owners)].map((id) => new Types.ObjectId(id)),
  };
  const id = new Types.ObjectId();
  const filename = safeFilename(input.filename);
  await new Promise<void>((resolve, reject) => {
    const upload = bucket().openUploadStreamWithId(id, filename, { metadata });
    upload.once('finish', () => resolve());
    upload.once('error', reject);
    upload.end(buffer);
  });
  return {
    ...toInfo({ _id: id, length: buffer.length, filename, uploadDate: new Date(), metadata }),
    buffer,
  };
}

async function findFile(id: string): Promise<MediaFileDoc | undefined> {
  if (!Types.ObjectId.isValid(id)) return undefined;
  const [doc] = await bucket()
    .find({ _id: new Types.ObjectId(id) })
    .limit(1)
    .toArray();
  return doc as MediaFileDoc | undefined;
}

export async function getMediaInfo(id: string): Promise<MediaInfo> {
  const doc = await findFile(id);
  if (!doc) throw new NotFoundError('Media');
  return toInfo(doc);
}

/** Reads a whole file, for workers and the renderer (no access check: callers are trusted). */
export async function readMedia(id: string): Promise<MediaInfo & { buffer: Buffer }> {
  const info = await getMediaInfo(id);
  const chunks: Buffer[] = [];
  for await (const chunk of bucket().openDownloadStream(new Types.ObjectId(id))) chunks.push(chunk as Buffer);
  return { ...info, buffer: Buffer.concat(chunks) };
}

/** A file's stream for a user: staff read everything, a member only files its enterprise owns (404 otherwise). */
export async function openMediaStream(
  user: PublicUser,
  id: string,
): Promise<MediaInfo & { stream: Readable }> {
  const doc = await findFile(id);
  const scope = enterpriseScope(user);
  if (!doc) throw new NotFoundError('Media');
  const info = toInfo(doc);
  if (scope && !info.enterpriseIds.some((e) => scope.includes(e))) throw new NotFoundError('Media');
  return { ...info, stream: bucket().openDownloadStream(doc._id) };
}

export async function deleteMedia(id: string | undefined | null): Promise<void> {
  if (!id || !(await findFile(String(id)))) return;
  await bucket().delete(new Types.ObjectId(String(id)));
}
