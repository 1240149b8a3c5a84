import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestUser } from '../setup/app.js';
import { signInToDashboard } from '../setup/dashboard.js';
import type { HttpClient } from '../setup/http.js';

let app: TestApp;
let admin: TestUser;
let enterpriseId: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser('admin');
  enterpriseId = (await createEnterprise(admin.api)).id;
});
afterAll(async () => {
  await app?.close();
});

/** The two broken bodies: a part that never reaches its closing boundary, and no boundary at all. */
const malformed = (field: string) => [
  {
    name: 'truncated',
    contentType: 'multipart/form-data; boundary=x',
    body: `--x\r\nContent-Disposition: form-data; name="${field}"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc`,
  },
  { name: 'no boundary', contentType: 'multipart/form-data', body: 'abc' },
];

async function expectMalformed(
  client: HttpClient,
  method: string,
  path: string,
  field: string,
  accept = 'application/json',
  headers: Record<string, string> = {},
) {
  for (const c of malformed(field)) {
    const res = await client.request(method, path, {
      raw: c.body,
      headers: { 'content-type': c.contentType, accept, ...headers },
    });
    expect(res.status, `${method} ${path} (${c.name})`).toBe(400);
    if (accept === 'application/json') {
      expect(res.body.error, `${method} ${path} (${c.name})`).toMatchObject({
        code: 'malformed_body',
        details: [{ field }],
      });
    }
    expect(res.text).not.toMatch(/Unexpected end|Boundary not found/);
  }
  return client;
}

describe('a malformed multipart body answers 400, never 500', () => {
  it('on the API: CSV import and each enterprise image, PUT and POST', async () => {
    await expectMalformed(admin.api, 'POST', '/api/v1/enterprises/import', 'file');
    for (const kind of ['logo', 'photo']) {
      for (const method of ['PUT', 'POST']) {
        await expectMalformed(admin.api, method, `/api/v1/enterprises/${enterpriseId}/${kind}`, kind);
      }
    }
  });

  it('on the dashboard: import, new enterprise and edit, in French, as JSON or as a page', async () => {
    const { client, csrf } = await signInToDashboard(app, admin.user.email);
    const routes: [string, string][] = [
      ['/enterprises/import', 'file'],
      ['/enterprises', 'logo'],
      [`/enterprises/${enterpriseId}`, 'logo'],
    ];
    // The token as htmx sends it: the body cannot be read.
    const token = { 'x-csrf-token': csrf };
    for (const [path, field] of routes) {
      await expectMalformed(client, 'POST', path, field, 'application/json', token);
      await expectMalformed(client, 'POST', path, field, 'text/html', token);
    }
    const res = await client.request('POST', routes[0]![0], {
      raw: 'abc',
      headers: { 'content-type': 'multipart/form-data', accept: 'application/json', ...token },
    });
    expect(res.body.error.message).toMatch(/formulaire est arrivé incomplet/);
    expect(res.body.error.details).toEqual([{ field: 'file', message: 'est mal formé' }]);
  });
});
