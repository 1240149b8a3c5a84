import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { checkFieldValues } from '../rendering/fields.js';
import { loadTemplate } from '../rendering/template.loader.js';

/**
 * Checks an ad's field values against its template when it is saved, so a mistake shows
 * beside its field instead of failing the render later: unknown fields and lengths. Required
 * fields are enforced when rendering (an ad is saved many times while it is written).
 * Image fields hold media ids.
 */
export async function checkAdFields(
  templateId: string | null | undefined,
  fields: Record<string, string>,
): Promise<void> {
  if (!templateId) return;
  const template = await loadTemplate(templateId).catch((err: unknown) => {
    if (!(err instanceof NotFoundError)) throw err;
    throw new ValidationError(`There is no template "${templateId}".`, [
      { field: 'templateId', message: 'is not a template' },
    ]);
  });
  const imageFields = new Set(template.manifest.fields.filter((f) => f.type === 'image').map((f) => f.name));
  const badImages = Object.entries(fields)
    .filter(([name, value]) => imageFields.has(name) && value !== '' && !/^[a-f0-9]{24}$/.test(value))
    .map(([name]) => ({ field: `fields.${name}`, message: 'is not a media id' }));
  if (badImages.length > 0) throw new ValidationError('Invalid image field.', badImages);
  const texts = Object.fromEntries(Object.entries(fields).filter(([name]) => !imageFields.has(name)));
  checkFieldValues(template.manifest, texts, { draft: true });
}
