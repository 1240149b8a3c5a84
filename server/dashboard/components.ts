import { html, type SafeHtml } from '../lib/html.js';
import type { Page } from '../lib/pagination.js';
import { isMessageKey, type Locale, type MessageKey, t } from './i18n/index.js';
import type { Explanation } from './i18n/publication-reasons.js';

/** A URL for the same list with some query parameters changed (blank values dropped). */
export function listUrl(base: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** Previous / next links with "page N of M"; nothing when everything fits on one page. */
export function pagination(
  locale: Locale,
  page: Pick<Page<unknown>, 'page' | 'limit' | 'total'>,
  linkFor: (page: number) => string,
): SafeHtml {
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  if (pages <= 1) return html``;
  const previous =
    page.page > 1
      ? html`<a class="button" rel="prev" href="${linkFor(page.page - 1)}">← ${t(locale, 'common.previous')}</a>`
      : html`<span></span>`;
  const next =
    page.page < pages
      ? html`<a class="button" rel="next" href="${linkFor(page.page + 1)}">${t(locale, 'common.next')} →</a>`
      : html`<span></span>`;
  return html`<nav class="pagination" aria-label="${t(locale, 'common.pagination')}">${previous}
    <span>${t(locale, 'common.pageOf', { page: page.page, pages })}</span>${next}</nav>`;
}

const tones: Record<string, string> = {
  active: 'ok',
  published: 'ok',
  approved: 'ok',
  ready: 'ok',
  completed: 'ok',
  scheduled: 'warn',
  pending: 'warn',
  planned: 'warn',
  draft: '',
  failed: 'bad',
  held: 'bad',
  missed: 'bad',
  unconfirmed: 'warn',
  publishing: 'warn',
  rejected: 'bad',
  changes_requested: 'bad',
  archived: '',
  cancelled: '',
};

/** A coloured status label, translated when the dictionary knows the status. */
export function statusBadge(locale: Locale, status: string | undefined | null): SafeHtml {
  if (!status) return html``;
  const key = `status.${status}`;
  const tone = tones[status] ?? '';
  return html`<span class="badge${tone ? ` badge-${tone}` : ''}">${isMessageKey(key) ? t(locale, key) : status}</span>`;
}

/** The options of a status select, each labelled as its badge is. */
export function statusOptions(locale: Locale, statuses: readonly string[]) {
  return statuses.map((s) => ({ value: s, label: t(locale, `status.${s}` as MessageKey) }));
}

/** A page title with its actions on the right. */
export function pageHead(title: string, actions: SafeHtml | string = ''): SafeHtml {
  return html`<div class="page-head"><h1>${title}</h1><div class="actions">${actions}</div></div>`;
}

/** A translated explanation, then the platform's or service's own words, smaller and marked as English. */
export function explanation(e: Explanation): SafeHtml {
  return html`${e.text ? html`<div>${e.text}</div>` : ''}${e.raw.map((r) => html`<div><small class="muted raw-reason" lang="en">${r}</small></div>`)}`;
}
