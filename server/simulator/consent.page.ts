import { html, type SafeHtml } from '../lib/html.js';

export interface ConsentPage {
  platform: 'Facebook' | 'LinkedIn';
  person: string;
  appName: string;
  scopes: string[];
  accounts: string[];
  action: string;
  fields: Record<string, string>;
}

const style = `body{font-family:system-ui,sans-serif;background:#f0f2f5;margin:0;padding:3rem 1rem;color:#1c1e21}
main{max-width:30rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 3px #0003}
h1{font-size:1.3rem}.sandbox{background:#fff3cd;padding:.4rem .6rem;border-radius:4px;font-size:.85rem}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:6px;border:0;margin-right:.5rem;cursor:pointer}
.ok{background:#1877f2;color:#fff}.no{background:#e4e6eb}`;

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title><style>${style}</style></head><body>${body}</body></html>`.value;
}

/** The login dialog a person sees: approving sends them back to the app with a code. */
export function consentPage(c: ConsentPage): string {
  const hidden = Object.entries(c.fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return page(
    `${c.platform} — ${c.appName}`,
    html`<main>
<p class="sandbox">Sandbox ${c.platform}: nothing leaves this machine.</p>
<h1>${c.appName} wants to connect to your ${c.platform} account</h1>
<p>Signed in as <strong>${c.person}</strong>.</p>
<p>It asks for: ${c.scopes.length ? c.scopes.join(', ') : 'your public profile'}.</p>
<p>You administer: ${c.accounts.length ? c.accounts.join(', ') : 'no sandbox page yet'}.</p>
<form method="post" action="${c.action}">${hidden}
<button class="ok" name="decision" value="allow" type="submit">Allow</button>
<button class="no" name="decision" value="deny" type="submit">Cancel</button>
</form></main>`,
  );
}

export function errorPage(platform: string, message: string): string {
  return page(`${platform} — error`, html`<main><h1>Something went wrong</h1><p>${message}</p></main>`);
}

/** redirect_uri with extra query parameters, keeping those it already has. */
export function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
