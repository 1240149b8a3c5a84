import { sharedCache } from '../../lib/cache.js';
import { AppError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { webpThumbnail } from '../../lib/sharp.js';
import { isStaff } from '../access/access.policy.js';
import type { PublicUser } from '../users/user.service.js';
import { demoDesign } from './demo-assets.js';
import { designFrom } from './design-inputs.js';
import { cutFields, designHash, type RenderedImage, renderDesign } from './renderer.js';
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
): Promise<RenderedImage & { cached: boolean; cut: string[] }> {
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
  // Layouts are cached (layer-pixels.ts): this costs little beside the render.
  return { ...entry.image, cached, cut: await cutFields(design) };
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

/** A template's sample in one format: demo data, as a full render and a gallery thumbnail. */
export interface TemplateSample {
  image: RenderedImage;
  thumbnail: { data: Buffer; width: number; height: number; hash: string };
}

/** Longest side of a gallery thumbnail, in px (shown ~300 px wide, sharp on dense screens). */
const THUMBNAIL_PX = 480;
// One entry per template, format and language (a handful); a template's new version replaces its entry.
const samples = new Map<string, { digest: string; sample: Promise<TemplateSample> }>();

/**
 * The gallery's sample of a template in a format and language, drawn once per template
 * version and kept: the gallery never renders per request. `cached` says whether it was kept.
 */
export async function templateSample(
  templateId: string,
  formatId: string,
  lang: 'fr' | 'en',
): Promise<TemplateSample & { cached: boolean }> {
  const template = await loadTemplate(templateId);
  const key = `${templateId}|${formatId}|${lang}`;
  const known = samples.get(key);
  if (known?.digest === template.digest) return { ...(await known.sample), cached: true };
  const sample = (async () => {
    const image = await renderDesign(await demoDesign(template.manifest, formatId, lang));
    const thumbnail = await webpThumbnail(image.data, THUMBNAIL_PX);
    return { image, thumbnail: { ...thumbnail, hash: `${image.hash}-${THUMBNAIL_PX}` } };
  })();
  samples.set(key, { digest: template.digest, sample });
  // A failed render (an unknown format) is not kept.
  sample.catch(() => samples.delete(key));
  return { ...(await sample), cached: false };
}
