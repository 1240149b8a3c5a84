import { type FieldProblem, ValidationError } from '../../lib/errors.js';
import type { Manifest } from './template.schemas.js';

/**
 * Checks an ad's field values against its template. Drafts (the live preview) may leave
 * required fields empty; every value must still be a known text field within its length.
 */
export function checkFieldValues(
  manifest: Manifest,
  values: Record<string, unknown>,
  options: { draft: boolean },
): Record<string, string> {
  const problems: FieldProblem[] = [];
  const clean: Record<string, string> = {};
  const byName = new Map(manifest.fields.map((f) => [f.name, f]));
  for (const [name, value] of Object.entries(values)) {
    const field = byName.get(name);
    if (!field || field.type === 'image')
      problems.push({ field: `fields.${name}`, message: 'not a text field of this template' });
    else if (typeof value !== 'string') problems.push({ field: `fields.${name}`, message: 'must be text' });
    else if ([...value].length > field.maxLength) {
      problems.push({ field: `fields.${name}`, message: `at most ${field.maxLength} characters` });
    } else clean[name] = value;
  }
  for (const field of manifest.fields) {
    if (options.draft || field.type === 'image' || !field.required) continue;
    const value = clean[field.name]?.trim() ?? '';
    if (value.length === 0) problems.push({ field: `fields.${field.name}`, message: 'required' });
    else if (value.length < field.minLength)
      problems.push({ field: `fields.${field.name}`, message: `at least ${field.minLength} characters` });
  }
  if (problems.length > 0) {
    throw new ValidationError(
      `Fields do not match template "${manifest.id}": ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  return clean;
}
