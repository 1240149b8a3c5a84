import { sharedCache } from '../../lib/cache.js';
import { AppError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { isStaff } from '../access/access.policy.js';
import type { PublicUser } from '../users/user.service.js';
import { designFrom } from './design-inputs.js';
import { designHash, type RenderedImage, renderDesign } from './renderer.js';
import { listTemplates, loadTemplate } from './template.loader.js';
import type { Manifest } from './template.schemas.js';

/** What the API and the editor need to list templates and build their forms. */
export interface TemplateSummary {
  id: string;
  label: Manifest['label'];
  description: Manifest['description'];
  fields: Manifest['fields'];
  formats: Array<{ id: string; label: Manifest['label']; width: number; height: number; platform: string }>;
}

function summary(manifest: Manifest): TemplateSummary {
  const { id, label, description, fields } = manifest;
  const formats = manifest.formats.map(({ id: fid, label: fl, width, height, platform }) => ({
    id: fid,
    label: fl,
    width,
    height,
    platform,
  }));
  return { id, label, description, fields, formats };
}

export async function listTemplateSummaries(): Promise<TemplateSummary[]> {
  return (await listTemplates()).map((t) => summary(t.manifest));
}

export async function getTemplateSummary(id: string): Promise<TemplateSummary> {
  return summary((await loadTemplate(id)).manifest);
}

export interface PreviewInput {
  templateId: string;
  format: string;
  fields: Record<string, string>;
  enterpriseId?: string;
  /** An ad's enterprises, lead first; `enterpriseId`, when given, leads. */
  enterpriseIds?: string[];
  lang?: 'fr' | 'en';
}

// Previews are cached by content hash: typing back to an earlier text, or two users
// looking at the same ad, costs nothing. In the shared budget (CACHE_MB).
// Each entry keeps the input it was drawn from, so that whoever fetches the image by its
// hash alone can be asked again whether they could have drawn it.
interface CachedPreview {
  image: RenderedImage;
  input: PreviewInput;
}
const previews = sharedCache<CachedPreview>('previews', (p) => p.image.data.length + 512);

/**
 * Renders a draft for the editor (required fields may still be empty); same input, cached
 * result, and `cached` says whether it came from the cache.
 */
export async function renderPreview(
  user: PublicUser,
  input: PreviewInput,
): Promise<RenderedImage & { cached: boolean }> {
  const template = await loadTemplate(input.templateId).catch((err: unknown) => {
    if (!(err instanceof NotFoundError)) throw err;
    throw new AppError(404, 'not_found', err.message, [
      { field: 'templateId', message: 'is not a template' },
    ]);
  });
  const design = await designFrom(user, template.manifest, { ...input, formatId: input.format });
  let cached = true;
  const entry = await previews.fetch(designHash(design, template), () => {
    cached = false;
    return renderDesign(design, { draft: true }).then((image) => ({ image, input }));
  });
  return { ...entry.image, cached };
}

/**
 * Whether the user could have drawn this input: designFrom applies the enterprise scope and
 * media ownership rules, so a member outside them gets NotFound or Forbidden.
 */
async function couldRender(user: PublicUser, input: PreviewInput): Promise<boolean> {
  if (isStaff(user)) return true;
  try {
    const template = await loadTemplate(input.templateId);
    await designFrom(user, template.manifest, { ...input, formatId: input.format });
    return true;
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ForbiddenError) return false;
    throw err;
  }
}

/**
 * A preview rendered recently, by its content hash (the editor's images point here), for a
 * user who could have rendered it; anyone else gets undefined, as for an unknown hash.
 */
export async function cachedPreview(user: PublicUser, hash: string): Promise<RenderedImage | undefined> {
  const entry = previews.peek(hash)?.value;
  if (!entry || !(await couldRender(user, entry.input))) return undefined;
  return entry.image;
}
