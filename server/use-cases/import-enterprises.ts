import { queueBrandingRenders } from '../modules/ads/ad-renders.service.js';
import { type CsvImportResult, importEnterprisesCsv } from '../modules/enterprises/enterprise.service.js';
import type { PublicUser } from '../modules/users/user.service.js';

type Branding = Parameters<typeof queueBrandingRenders>[1];

const branding = (e: Record<string, unknown>) =>
  ({
    name: e.name,
    brandColor: e.brandColor,
    logoFileId: e.logoFileId,
    photoFileId: e.photoFileId,
  }) as Branding;

/** Imports enterprises from CSV (see importEnterprisesCsv); an update that changes an enterprise's branding re-renders its ads. */
export function importEnterprises(user: PublicUser, buffer: Buffer): Promise<CsvImportResult> {
  return importEnterprisesCsv(user, buffer, (id, before, after) =>
    queueBrandingRenders(id, branding(before), branding(after)),
  );
}
