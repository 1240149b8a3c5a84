import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedPreview } from '../../server/modules/rendering/rendering.service.js';
import type { PublicUser } from '../../server/modules/users/user.service.js';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, form, signInToDashboard } from '../setup/dashboard.js';
import { twoEnterprises } from './member-sweep.fixtures.js';

/**
 * The editor's preview images are found by hash alone: only someone who could draw one may fetch it.
 * The dashboard route also turns every member away by role, so what a member would be handed is
 * asked of the service itself.
 */
let app: TestApp;
let enterpriseA: string;
let logoOfB: string;
const users: Record<'strategist' | 'memberA' | 'memberB', PublicUser> = {} as never;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser('admin', { email: 'preview-admin@example.test' });
  const { own, b } = await twoEnterprises(admin.api);
  enterpriseA = own;
  logoOfB = b.logo;
  users.strategist = (await app.createUser('strategist')).user;
  users.memberA = (await app.createUser('member', { enterpriseId: own })).user;
  users.memberB = (
    await app.createUser('member', { enterpriseId: b.enterprise, email: 'preview-b@example.test' })
  ).user;
});
afterAll(async () => {
  await app?.close();
});

/** Draws a preview in the editor as the admin; returns the image's path and its hash. */
async function editorPreview(fields: Record<string, string>): Promise<{ src: string; hash: string }> {
  const { client, csrf } = await signInToDashboard(app, 'preview-admin@example.test');
  const fragment = await client.request(
    'POST',
    '/ads/preview',
    form({ format: 'square', ...fields }, { 'x-csrf-token': csrf }),
  );
  const match = /src="(\/ads\/previews\/([a-f0-9]{32})\.jpg)"/.exec(fragment.text);
  if (!match) throw new Error(`no preview drawn: ${fragment.status} ${fragment.text}`);
  return { src: match[1]!, hash: match[2]! };
}

describe('a preview image fetched by its hash', () => {
  it('answers a member of another enterprise exactly as an unknown hash, with no image bytes', async () => {
    const { src, hash } = await editorPreview({
      templateId: 'chiffre-impact',
      enterpriseIds: enterpriseA,
      'fields.figure': '17',
      'fields.impact': 'coopératives',
    });
    const staff = await signInToDashboard(app, 'preview-admin@example.test');
    const image = await staff.client.get(src, { headers: browser });
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/jpeg']);

    const { client } = await signInToDashboard(app, 'preview-b@example.test');
    const unknownHash = '0'.repeat(32);
    const unknown = await client.get(`/ads/previews/${unknownHash}.jpg`, { headers: browser });
    const theirs = await client.get(src, { headers: browser });
    expect(theirs.status).toBe(404);
    expect(theirs.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    // The 404 page echoes the path it was asked for (the language switcher returns there).
    expect(theirs.text.replaceAll(hash, unknownHash)).toBe(unknown.text);
  });

  it('is handed to staff and to members of its enterprise, and to no other member', async () => {
    const { hash } = await editorPreview({
      templateId: 'chiffre-impact',
      enterpriseIds: enterpriseA,
      'fields.figure': '42',
      'fields.impact': 'emplois',
    });
    expect((await cachedPreview(users.strategist, hash))?.hash).toBe(hash);
    expect((await cachedPreview(users.memberA, hash))?.hash).toBe(hash);
    expect(await cachedPreview(users.memberB, hash)).toBeUndefined();
  });

  it('is refused to members of its enterprise when it shows another enterprise’s image', async () => {
    const { hash } = await editorPreview({
      templateId: 'vitrine-produit',
      enterpriseIds: enterpriseA,
      'fields.headline': 'Nouveau',
      'fields.photo': logoOfB,
    });
    expect((await cachedPreview(users.strategist, hash))?.hash).toBe(hash);
    expect(await cachedPreview(users.memberA, hash)).toBeUndefined();
  });

  it('is shared by every signed-in user when it shows only the demo enterprise', async () => {
    const { hash } = await editorPreview({
      templateId: 'chiffre-impact',
      'fields.figure': '7',
      'fields.impact': 'démo',
    });
    expect((await cachedPreview(users.memberB, hash))?.hash).toBe(hash);
  });
});
