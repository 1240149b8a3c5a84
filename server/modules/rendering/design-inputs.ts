import { sharedCache } from '../../lib/cache.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
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

/** The other featured enterprises' names and logos, each read within the user's scope. */
async function partnersOf(user: PublicUser, ids: string[]): Promise<Design['partners']> {
  if (ids.length === 0) return undefined;
  const partners = await Promise.all(ids.map(async (id) => enterprisePart(await getEnterprise(user, id))));
  return partners.map(({ name, logo }) => ({ name, logo }));
}

/**
 * Builds a design from an ad's (or the editor's) values: text fields as given, image fields
 * as media ids (falling back to the lead enterprise's photo), branding from the lead
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
  const enterprise = leadId ? await getEnterprise(user, leadId) : undefined;
  const images: Record<string, ImageInput> = {};
  const imageFields = new Set(manifest.fields.filter((f) => f.type === 'image').map((f) => f.name));
  for (const field of manifest.fields) {
    if (field.type !== 'image') continue;
    const id = input.fields[field.name] || enterprise?.photoFileId;
    if (id) images[field.name] = await imageFor(user, id, `fields.${field.name}`);
    else if (!enterprise) images[field.name] = (await demoImages()).photo;
  }
  return {
    templateId: manifest.id,
    formatId: input.formatId,
    // Image fields hold media ids: they reach the design as images, not as text.
    fields: Object.fromEntries(Object.entries(input.fields).filter(([name]) => !imageFields.has(name))),
    images,
    enterprise: await enterprisePart(enterprise),
    partners: await partnersOf(user, partnerIds),
    lang: input.lang ?? 'fr',
  };
}
