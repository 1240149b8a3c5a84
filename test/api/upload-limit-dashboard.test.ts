import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/app.js';
import { browser, signInToDashboard } from '../setup/dashboard.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { MAX_UPLOAD_BYTES: '2000' } });
});
afterAll(async () => {
  await app?.close();
});

describe('a file over the upload limit, posted without JavaScript', () => {
  it('is refused beside the field in French, the token read from the fields sent before it', async () => {
    const admin = await app.createUser('admin', { locale: 'fr' });
    const { client, csrf } = await signInToDashboard(app, admin.user.email);
    const body = new FormData();
    body.append('_csrf', csrf);
    body.append('file', new Blob(['x'.repeat(5000)], { type: 'text/csv' }), 'gros.csv');
    const res = await client.request('POST', '/enterprises/import', { raw: body, headers: browser });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(
      /<p class="field-error" id="f-file-error">Le fichier envoyé est trop volumineux\.<\/p>/,
    );
  });
});
