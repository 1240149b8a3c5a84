import { expect } from 'vitest';
import { type TestApp, testPassword } from './app.js';
import type { HttpClient, RequestOptions } from './http.js';

/** Headers of a browser asking for a page. */
export const browser = { accept: 'text/html' };

/** A urlencoded form post, as a browser without JavaScript sends it. */
export function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestOptions {
  return {
    raw: new URLSearchParams(fields).toString(),
    headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded', ...headers },
  };
}

/** The CSRF token of a rendered page's forms. */
export const csrfIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

/** Signs in through the dashboard's form; returns the cookie-keeping client and its CSRF token. */
export async function signInToDashboard(
  app: TestApp,
  email: string,
): Promise<{ client: HttpClient; csrf: string }> {
  const client = app.anonymous();
  const login = await client.get('/login', { headers: browser });
  const res = await client.request(
    'POST',
    '/login',
    form({ email, password: testPassword, _csrf: csrfIn(login.text), next: '/' }),
  );
  expect(res.status).toBe(303);
  const home = await client.get('/', { headers: browser });
  return { client, csrf: csrfIn(home.text) };
}
