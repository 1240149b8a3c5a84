import { type FieldProblem, ValidationError } from '../../lib/errors.js';
import { graphemes, isDrawableEmoji } from './emoji.js';
import { metricsFor } from './fonts.js';
import type { Manifest } from './template.schemas.js';

/** Combining marks, variation selectors and joiners ride on the character before them. */
const RIDER = /[\p{M}\p{Cf}]/u;

/**
 * Characters of a value that a face showing the field has no glyph for (a script the bundled
 * fonts lack, an emoji the bundled set lacks): they would print as empty boxes on a published ad.
 */
function undrawable(manifest: Manifest, name: string, value: string): string[] {
  const faces = manifest.layers.flatMap((layer) =>
    layer.type === 'text' && layer.text.includes(`{${name}}`)
      ? [metricsFor(layer.font, layer.weight, layer.italic)]
      : [],
  );
  const missing = new Set<string>();
  for (const cluster of graphemes(value.normalize('NFC'))) {
    // Emoji are drawn from the bundled colour set, whatever the face.
    if (isDrawableEmoji(cluster)) continue;
    for (const char of cluster) {
      const codePoint = char.codePointAt(0)!;
      if (codePoint <= 0x20 || /\s/.test(char) || RIDER.test(char)) continue;
      if (faces.some((face) => !face.covers(codePoint))) missing.add(char);
    }
  }
  return [...missing];
}

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
    } else {
      const missing = undrawable(manifest, name, value);
      if (missing.length > 0) {
        problems.push({
          field: `fields.${name}`,
          message: `has characters the template's fonts cannot draw: ${missing.slice(0, 5).join(' ')}`,
        });
      } else clean[name] = value;
    }
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
