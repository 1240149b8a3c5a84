import { queueBrandingRenders } from '../modules/ads/ad-renders.service.js';
import type { EnterpriseUpdateInput } from '../modules/enterprises/enterprise.schemas.js';
import * as enterprises from '../modules/enterprises/enterprise.service.js';
import type { PublicUser } from '../modules/users/user.service.js';

type Enterprise = enterprises.Enterprise;

// What of an enterprise shows on its ads: a change of it re-renders the ads that show it.
const branding = (e: Enterprise) => ({
  name: e.name,
  brandColor: e.brandColor,
  logoFileId: e.logoFileId,
  photoFileId: e.photoFileId,
});

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
): Promise<Enterprise> {
  const before = await enterprises.getEnterprise(user, id);
  const after = await enterprises.setEnterpriseImage(user, id, kind, file);
  await queueBrandingRenders(after.id, branding(before), branding(after));
  return after;
}
