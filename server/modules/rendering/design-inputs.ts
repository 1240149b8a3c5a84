import { sharedCache } from '../../lib/cache.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff } from '../access/access.policy.js';
import { type Enterprise, getEnterprise } from '../enterprises/enterprise.service.js';
import { getMediaInfo, readMedia } from '../media/media.service.js';
import type { PublicUser } from '../users/user.service.js';
import { DEMO_ENTERPRISE, demoImages } from './demo-assets.js';
import type { Design, ImageInput } from './renderer.js';
import type { Manifest } from './template.schemas.js';

// Media files never change once written (a new upload is a new id), so their bytes cache by id.
const mediaCache = sharedCache<Buffer>('media-bytes', (b) => b.length);
const mediaBytes = (id: string) => mediaCache.fetch(id, () => readMedia(id).then((m) => m.buffer));

/** A member may only use images its own enterprise owns; staff may use any. */
async function imageFor(user: PublicUser, id: string, field: string): Promise<ImageInput> {
  if (!/^[0-9a-f]{24}$/.test(id))
    throw new ValidationError('Invalid image.', [{ field, message: 'is not a media id' }]);
  const info = await getMediaInfo(id);
  if (!isStaff(user) && !info.enterpriseIds.includes(user.enterpriseId ?? '')) throw new ForbiddenError();
  if (info.kind !== 'photo' && info.kind !== 'logo')
    throw new ValidationError('Invalid image.', [{ field, message: 'is not an image' }]);
  return { data: await mediaBytes(id) };
}

async function enterprisePart(enterprise: Enterprise | undefined): Promise<Design['enterprise']> {
  if (!enterprise) return { ...DEMO_ENTERPRISE, logo: (await demoImages()).logo };
  const logo = enterprise.logoFileId ? { data: await mediaBytes(enterprise.logoFileId) } : undefined;
  return { name: enterprise.name, brandColor: enterprise.brandColor, logo };
}

/** The other featured enterprises' names and logos. */
async function partnersOf(partners: Enterprise[]): Promise<Design['partners']> {
  if (partners.length === 0) return undefined;
  const parts = await Promise.all(partners.map((e) => enterprisePart(e)));
  return parts.map(({ name, logo }) => ({ name, logo }));
}

/** The focal point of a featured enterprise's photo, when the media id is one of theirs. */
function focalOf(enterprises: Enterprise[], id: string): ImageInput['focal'] {
  const focal = enterprises.flatMap((e) => e.photos).find((p) => p.fileId === id)?.focal;
  // The centre is the default crop: left out, so renders made before focal points keep their hash.
  return focal && (focal.x !== 0.5 || focal.y !== 0.5) ? focal : undefined;
}

/**
 * An image field's picture: the picked media id (an enterprise photo keeps its focal point),
 * or the lead's default photo when none is picked or the picked photo was since removed.
 */
async function fieldImage(
  user: PublicUser,
  featured: Enterprise[],
  picked: string | undefined,
  field: string,
): Promise<ImageInput | undefined> {
  const fallback = featured[0]?.photoFileId ?? undefined;
  const id = picked || fallback;
  if (!id) return undefined;
  try {
    return { ...(await imageFor(user, id, field)), focal: focalOf(featured, id) };
  } catch (err) {
    if (!(err instanceof NotFoundError) || !fallback || id === fallback) throw err;
    return { ...(await imageFor(user, fallback, field)), focal: focalOf(featured, fallback) };
  }
}

/**
 * Builds a design from an ad's (or the editor's) values: text fields as given, image fields
 * as media ids (an enterprise photo with its focal point; the lead enterprise's default photo
 * when none is picked), branding from the lead
 * enterprise (`enterpriseId`, or the first of `enterpriseIds`), names and logos from all.
 */
export async function designFrom(
  user: PublicUser,
  manifest: Manifest,
  input: {
    formatId: string;
    fields: Record<string, string>;
    enterpriseId?: string;
    enterpriseIds?: string[];
    lang?: 'fr' | 'en';
  },
): Promise<Design> {
  const [leadId, ...partnerIds] = [
    ...new Set([...(input.enterpriseId ? [input.enterpriseId] : []), ...(input.enterpriseIds ?? [])]),
  ];
  // Each read within the user's scope.
  const featured = await Promise.all(
    [...(leadId ? [leadId] : []), ...partnerIds].map((id) => getEnterprise(user, id)),
  );
  const enterprise = featured[0];
  const images: Record<string, ImageInput> = {};
  const imageFields = new Set(manifest.fields.filter((f) => f.type === 'image').map((f) => f.name));
  for (const field of manifest.fields) {
    if (field.type !== 'image') continue;
    const image = await fieldImage(user, featured, input.fields[field.name], `fields.${field.name}`);
    if (image) images[field.name] = image.focal ? image : { data: image.data };
    else if (!enterprise) images[field.name] = (await demoImages()).photo;
  }
  return {
    templateId: manifest.id,
    formatId: input.formatId,
    // Image fields hold media ids: they reach the design as images, not as text.
    fields: Object.fromEntries(Object.entries(input.fields).filter(([name]) => !imageFields.has(name))),
    images,
    enterprise: await enterprisePart(enterprise),
    partners: await partnersOf(featured.slice(1)),
    lang: input.lang ?? 'fr',
  };
}
