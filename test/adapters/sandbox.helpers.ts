import { Writable } from 'node:stream';
import { pino } from 'pino';
import { redactPaths, setLogger } from '../../server/lib/logger.js';
import type { HttpClient } from '../setup/http.js';

export interface SandboxAccountAnswer {
  externalId: string;
  name: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
}

export class Sandbox {
  constructor(readonly url: string) {}

  async provision(platform: 'facebook' | 'linkedin', name: string): Promise<SandboxAccountAnswer> {
    const res = await fetch(`${this.url}/_admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform, name }),
    });
    if (res.status >= 300) throw new Error(`provision failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as SandboxAccountAnswer;
  }

  async fault(platform: string, externalId: string, faults: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.url}/_admin/faults/${platform}/${externalId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    if (res.status >= 300) throw new Error(`fault failed: ${res.status} ${await res.text()}`);
  }

  async clearFaults(platform: string, externalId: string): Promise<void> {
    await fetch(`${this.url}/_admin/faults/${platform}/${externalId}`, { method: 'DELETE' });
  }

  async feed(platform: string, externalId: string): Promise<string> {
    return (await fetch(`${this.url}/feeds/${platform}/${externalId}`)).text();
  }
}

/**
 * Plays the person in the browser: opens the consent page, approves, and returns the
 * redirect to our callback (path and query) that the platform sends the browser to.
 */
export async function approveConsent(
  consentUrl: string,
  decision: 'allow' | 'deny' = 'allow',
): Promise<string> {
  const page = await (await fetch(consentUrl)).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no consent form in: ${page.slice(0, 500)}`);
  const fields = new URLSearchParams();
  for (const match of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(decodeEntities(match[1]!), decodeEntities(match[2]!));
  }
  fields.set('decision', decision);
  const res = await fetch(new URL(decodeEntities(action), consentUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (!location) throw new Error(`consent did not redirect: ${res.status} ${await res.text()}`);
  const url = new URL(location);
  return `${url.pathname}${url.search}`;
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** Swaps the process logger for one that keeps every line, at debug level, with the real redaction. */
export function captureLogs(): { text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  setLogger(pino({ level: 'debug', redact: { paths: redactPaths, censor: '[redacted]' } }, stream));
  return { text: () => lines.join('') };
}

/** Completes an OAuth flow through our API, as the admin's browser would. */
export async function connectThroughOAuth(
  api: HttpClient,
  platform: 'facebook' | 'linkedin',
  query = 'mode=sandbox',
): Promise<{ status: number; body: unknown; text: string }> {
  const start = await api.get(`/api/v1/channels/oauth/${platform}/start?${query}`);
  if (start.status !== 200) return start;
  const callback = await approveConsent(start.body.url as string);
  return api.get(callback);
}
