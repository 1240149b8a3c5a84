import { queueBrandingRenders } from '../modules/ads/ad-renders.service.js';
import type { EnterpriseUpdateInput, PhotoUpdateInput } from '../modules/enterprises/enterprise.schemas.js';
import * as enterprises from '../modules/enterprises/enterprise.service.js';
import type { PublicUser } from '../modules/users/user.service.js';

type Enterprise = enterprises.Enterprise;

// What of an enterprise shows on its ads: a change of it re-renders the ads that show it.
const branding = (e: Enterprise) => ({
  name: e.name,
  brandColor: e.brandColor,
  logoFileId: e.logoFileId,
  photoFileId: e.photoFileId,
  photos: e.photos.map((p) => `${p.fileId}@${p.focal.x},${p.focal.y}`).join(' '),
});

/** Runs a change of the enterprise, then re-renders the ads that show it if its branding changed. */
async function rebranding(
  user: PublicUser,
  id: string,
  change: () => Promise<Enterprise>,
): Promise<Enterprise> {
  const before = await enterprises.getEnterprise(user, id);
  const after = await change();
  await queueBrandingRenders(after.id, branding(before), branding(after));
  return after;
}

/** Updates an enterprise (a member: its own, some fields) and re-renders its ads if its branding changed. */
export async function updateEnterprise(
  user: PublicUser,
  id: string,
  input: EnterpriseUpdateInput,
): Promise<Enterprise> {
  const before = await enterprises.getEnterprise(user, id);
  const after = await enterprises.updateEnterprise(user, id, input);
  await queueBrandingRenders(after.id, branding(before), branding(after));
  return after;
}

/** Replaces an enterprise's logo or photo, then re-renders the ads that show it. */
export async function setEnterpriseImage(
  user: PublicUser,
  id: string,
  kind: 'logo' | 'photo',
  file: { buffer: Buffer; originalname: string },
  focal?: { x: number; y: number },
): Promise<Enterprise> {
  return rebranding(user, id, () => enterprises.setEnterpriseImage(user, id, kind, file, focal));
}

/** Adds a photo to the enterprise's library (ads may then pick it). */
export function addEnterprisePhoto(
  user: PublicUser,
  id: string,
  file: { buffer: Buffer; originalname: string },
  focal?: { x: number; y: number },
): Promise<Enterprise> {
  return rebranding(user, id, () => enterprises.addEnterprisePhoto(user, id, file, focal));
}

/** Moves a photo's focal point or makes it the default; the ads showing it are drawn again. */
export function updateEnterprisePhoto(
  user: PublicUser,
  id: string,
  fileId: string,
  input: PhotoUpdateInput,
): Promise<Enterprise> {
  return rebranding(user, id, () => enterprises.updateEnterprisePhoto(user, id, fileId, input));
}

/** Removes a photo; ads that picked it show the default photo again. */
export function removeEnterprisePhoto(user: PublicUser, id: string, fileId: string): Promise<Enterprise> {
  return rebranding(user, id, () => enterprises.removeEnterprisePhoto(user, id, fileId));
}
