import type { FieldProblem } from '../../lib/errors.js';
import { FACES, faceKey } from './fonts.js';
import type { Box, Layer, Manifest } from './template.schemas.js';

/** Sizes each platform wants; a template must offer at least these, at exactly these sizes. */
export const REQUIRED_FORMATS: Record<string, { width: number; height: number }> = {
  facebook: { width: 1200, height: 630 },
  square: { width: 1080, height: 1080 },
  linkedin: { width: 1200, height: 627 },
};

function duplicates(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

function checkFormats(m: Manifest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const id of duplicates(m.formats.map((f) => f.id))) {
    problems.push({ field: 'formats', message: `format "${id}" is declared twice` });
  }
  for (const [id, size] of Object.entries(REQUIRED_FORMATS)) {
    const i = m.formats.findIndex((f) => f.id === id);
    const format = m.formats[i];
    if (!format)
      problems.push({
        field: 'formats',
        message: `format "${id}" (${size.width}×${size.height}) is missing`,
      });
    else if (format.width !== size.width || format.height !== size.height) {
      problems.push({ field: `formats.${i}`, message: `"${id}" must be ${size.width}×${size.height}` });
    }
  }
  return problems;
}

function checkFields(m: Manifest): FieldProblem[] {
  const problems = duplicates(m.fields.map((f) => f.name)).map((name) => ({
    field: 'fields',
    message: `field "${name}" is declared twice`,
  }));
  m.fields.forEach((f, i) => {
    if (f.name === 'enterprise' || f.name === 'logo') {
      problems.push({ field: `fields.${i}.name`, message: `"${f.name}" is reserved` });
    }
    if (f.type !== 'image' && f.minLength > f.maxLength) {
      problems.push({ field: `fields.${i}.minLength`, message: 'must not exceed maxLength' });
    }
  });
  return problems;
}

function checkBox(
  m: Manifest,
  box: Record<string, Box>,
  where: string,
  contained: boolean,
  only?: string[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const format of m.formats) {
    if (only && !only.includes(format.layout)) continue;
    const b = box[format.layout];
    if (!b) {
      problems.push({ field: `${where}.box`, message: `no box for layout "${format.layout}"` });
    } else if (
      contained &&
      (b[0] < 0 || b[1] < 0 || b[0] + b[2] > format.width || b[1] + b[3] > format.height)
    ) {
      problems.push({
        field: `${where}.box.${format.layout}`,
        message: `extends beyond the ${format.id} canvas (${format.width}×${format.height})`,
      });
    }
  }
  return problems;
}

function checkLayer(m: Manifest, layer: Layer, where: string): FieldProblem[] {
  // Text and images must sit inside every canvas; shapes and artwork may bleed off the edge.
  const contained = layer.type === 'text' || layer.type === 'image';
  const problems = layer.type === 'background' ? [] : checkBox(m, layer.box, where, contained, layer.only);
  const fieldTypes = new Map(m.fields.map((f) => [f.name, f.type]));
  if (layer.type === 'text') {
    if (!FACES[faceKey(layer.font, layer.weight, layer.italic)]) {
      problems.push({
        field: `${where}.font`,
        message: `no bundled ${layer.font} face of weight ${layer.weight}${layer.italic ? ' italic' : ''}`,
      });
    }
    if (layer.size.min > layer.size.max) {
      problems.push({ field: `${where}.size.min`, message: 'must not exceed size.max' });
    }
    for (const [, name] of layer.text.matchAll(/\{([^}]*)\}/g)) {
      const type = fieldTypes.get(name ?? '');
      if (name !== 'enterprise' && (type === undefined || type === 'image')) {
        problems.push({ field: `${where}.text`, message: `{${name}} is not a text field of this template` });
      }
    }
  }
  if (layer.type === 'image' && layer.source !== 'logo' && fieldTypes.get(layer.source) !== 'image') {
    problems.push({
      field: `${where}.source`,
      message: `"${layer.source}" is neither "logo" nor an image field`,
    });
  }
  return problems;
}

/** Checks what the schema cannot: cross references, required formats, boxes inside every canvas. */
export function checkManifest(m: Manifest, folderId: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (m.id !== folderId) problems.push({ field: 'id', message: `must equal the folder name "${folderId}"` });
  problems.push(...checkFormats(m), ...checkFields(m));
  m.layers.forEach((layer, i) => {
    problems.push(...checkLayer(m, layer, `layers.${i}`));
  });
  return problems;
}
