import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/lib/errors.js';
import { listTemplates, loadTemplate } from '../../../server/modules/rendering/template.loader.js';
import { validManifest, writeTemplate } from './helpers.js';

async function problemsOf(id: string, manifest: unknown, files?: Record<string, string>) {
  const root = await writeTemplate(id, manifest, files);
  const err = await loadTemplate(id, root).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  const v = err as ValidationError;
  expect(v.message).toContain(`Template "${id}"`);
  return { message: v.message, details: v.details as Array<{ field: string; message: string }> };
}

describe('template manifests', () => {
  it('every shipped template loads and offers Facebook, square and LinkedIn formats', async () => {
    const templates = await listTemplates();
    expect(templates.length).toBeGreaterThanOrEqual(3);
    for (const t of templates) {
      expect(t.manifest.formats.map((f) => f.id)).toEqual(
        expect.arrayContaining(['facebook', 'square', 'linkedin']),
      );
    }
  });

  it('a manifest that is not JSON is refused naming the template and the file', async () => {
    const { details } = await problemsOf('casse', '{ "id": ');
    expect(details[0]?.field).toBe('template.json');
  });

  it('a missing label names the field', async () => {
    const m = validManifest();
    m.id = 'sans-titre';
    delete m.label;
    const { details } = await problemsOf('sans-titre', m);
    expect(details).toContainEqual(expect.objectContaining({ field: 'label' }));
  });

  it('an id that differs from the folder is refused', async () => {
    const { details } = await problemsOf('autre-nom', validManifest());
    expect(details).toContainEqual({ field: 'id', message: 'must equal the folder name "autre-nom"' });
  });

  it('a format at the wrong size is refused', async () => {
    const m = validManifest() as unknown as { id: string; formats: Array<{ id: string; height: number }> };
    m.id = 'mauvaise-taille';
    m.formats[0]!.height = 600;
    const { details } = await problemsOf('mauvaise-taille', m);
    expect(details).toContainEqual({ field: 'formats.0', message: '"facebook" must be 1200×630' });
  });

  it('a text box outside the canvas and a placeholder to an unknown field are refused', async () => {
    const m = validManifest();
    m.id = 'debordement';
    m.layers[3] = {
      ...m.layers[3],
      box: { landscape: [1000, 56, 700, 44], square: [72, 72, 936, 52] },
      text: '{inconnu}',
    };
    const { details } = await problemsOf('debordement', m);
    expect(details).toContainEqual(expect.objectContaining({ field: 'layers.3.box.landscape' }));
    expect(details).toContainEqual(
      expect.objectContaining({
        field: 'layers.3.text',
        message: '{inconnu} is not a text field of this template',
      }),
    );
  });

  it.each([
    ['../chiffre-impact/artwork/points.svg', 'must stay inside the template folder'],
    ['/etc/passwd', 'must stay inside the template folder'],
    ['file:///etc/passwd', 'must be a relative path, not a URL'],
    ['http://example.com/a.svg', 'must be a relative path, not a URL'],
  ])('artwork "%s" is refused at load', async (src, message) => {
    const m = validManifest();
    m.id = 'fuite';
    m.layers[2] = { ...m.layers[2], src };
    const { details } = await problemsOf('fuite', m);
    const problem = details.find((d) => d.field === 'layers.2.src');
    expect(problem?.message).toContain(message.split(',')[0]);
  });

  it.each([
    [
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><image href="file:///etc/passwd"/></svg>',
      'links must point inside',
    ],
    [
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect fill="url(http://x/y)"/></svg>',
      'url() must point inside',
    ],
    ['<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg viewBox="0 0 1 1">&x;</svg>', 'DOCTYPE'],
    ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>', 'scripts'],
  ])('artwork that reaches outside is refused: %s', async (svg, message) => {
    const m = validManifest();
    m.id = 'artwork-hostile';
    const { details } = await problemsOf('artwork-hostile', m, { 'artwork/points.svg': svg });
    expect(details.find((d) => d.field === 'layers.2.src')?.message).toContain(message);
  });

  it.each(['../etc', '..', 'A B', '_fonts', 'x/../../etc'])(
    'template id "%s" cannot escape templates/',
    async (id) => {
      await expect(loadTemplate(id)).rejects.toMatchObject({ status: 404 });
    },
  );
});
