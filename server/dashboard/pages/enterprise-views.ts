import type { Request } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import type { Page } from '../../lib/pagination.js';
import { isStaff } from '../../modules/access/access.policy.js';
import {
  impactKinds,
  type Sector,
  sectorCodes,
  type Territory,
  territories,
} from '../../modules/enterprises/enterprise.constants.js';
import type { Enterprise } from '../../modules/enterprises/enterprise.service.js';
import { formatDateTime, type Locale, t } from '../i18n/index.js';
import { legalFormLabel, sectorLabel, sectorOptions } from '../i18n/labels.js';
import { csrfField, formField, listUrl, pageHead, pagination, selectField } from '../layout.js';

const sorts = ['name', '-name', '-createdAt'] as const;

/** The list's filters as read from the query string: unknown values are dropped, not refused. */
export interface EnterpriseFilters {
  q?: string;
  territory?: Territory;
  sector?: Sector;
  sort?: (typeof sorts)[number];
  page?: number;
}

export function filtersFrom(query: Record<string, unknown>): EnterpriseFilters {
  const pick = <T extends string>(v: unknown, allowed: readonly T[]) =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  const page = Number(query.page);
  return {
    q: typeof query.q === 'string' && query.q.trim() ? query.q.trim().slice(0, 100) : undefined,
    territory: pick(query.territory, territories),
    sector: pick(query.sector, sectorCodes),
    sort: pick(query.sort, sorts),
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
}

/** The list's thumbnail comes inline with the page; the detail page's large logo is the file. */
function logoImage(locale: Locale, e: Enterprise, className = 'logo-thumb'): SafeHtml {
  const src = className === 'logo-thumb' ? (e.logoThumbnailUrl ?? e.logoUrl) : e.logoUrl;
  if (src)
    return html`<img class="${className}" src="${src}" alt="${t(locale, 'enterprises.logoAlt', { name: e.name })}">`;
  return html`<span class="logo-placeholder" style="background:${e.brandColor}" aria-hidden="true">${e.name.slice(0, 1)}</span>`;
}

function filtersForm(locale: Locale, f: EnterpriseFilters): SafeHtml {
  const sortOptions = [
    { value: 'name', label: t(locale, 'enterprises.sortName') },
    { value: '-name', label: t(locale, 'enterprises.sortNameDesc') },
    { value: '-createdAt', label: t(locale, 'enterprises.sortRecent') },
  ];
  return html`<form method="get" action="/enterprises" class="filters" role="search"
      hx-get="/enterprises" hx-trigger="input changed delay:300ms from:#f-q, change" hx-target="#results" hx-select="#results" hx-swap="outerHTML" hx-push-url="true">
    <div class="field-search">${formField({ name: 'q', type: 'search', label: t(locale, 'common.search'), value: f.q, placeholder: t(locale, 'enterprises.searchLabel') })}</div>
    ${selectField({ name: 'territory', label: t(locale, 'enterprises.territory'), value: f.territory, options: territories.map((x) => ({ value: x, label: x })), empty: t(locale, 'common.all') })}
    ${selectField({ name: 'sector', label: t(locale, 'enterprises.sector'), value: f.sector, options: sectorOptions(locale), empty: t(locale, 'common.all') })}
    ${selectField({ name: 'sort', label: t(locale, 'common.sort'), value: f.sort ?? 'name', options: sortOptions })}
    <button type="submit" class="button">${t(locale, 'common.filter')}</button>
  </form>`;
}

function rows(locale: Locale, data: Enterprise[]): SafeHtml {
  if (data.length === 0) return html`<p class="muted">${t(locale, 'common.empty')}</p>`;
  return html`<div class="table-wrap"><table>
    <thead><tr><th scope="col"><span class="visually-hidden">${t(locale, 'enterprises.logo')}</span></th>
      <th scope="col">${t(locale, 'enterprises.name')}</th><th scope="col">${t(locale, 'enterprises.territory')}</th>
      <th scope="col">${t(locale, 'enterprises.sector')}</th><th scope="col">${t(locale, 'enterprises.legalForm')}</th></tr></thead>
    <tbody>${data.map(
      (e) => html`<tr><td>${logoImage(locale, e)}</td>
        <td><a href="/enterprises/${e.id}">${e.name}</a>${e.active ? '' : html` <span class="badge">${t(locale, 'enterprises.inactive')}</span>`}</td>
        <td>${e.territory}</td><td>${sectorLabel(locale, e.sector)}</td><td>${legalFormLabel(locale, e.legalForm)}</td></tr>`,
    )}</tbody></table></div>`;
}

export function enterpriseList(
  req: Request,
  locale: Locale,
  f: EnterpriseFilters,
  page: Page<Enterprise>,
): SafeHtml {
  const staff = isStaff(req.user!);
  const actions = staff
    ? html`<a class="button" href="/enterprises/import">${t(locale, 'enterprises.import')}</a>
      <a class="button primary" href="/enterprises/new">${t(locale, 'enterprises.new')}</a>`
    : '';
  const link = (n: number) => listUrl('/enterprises', { ...f, page: n > 1 ? n : undefined });
  return html`${pageHead(t(locale, 'enterprises.title'), actions)}
    ${filtersForm(locale, f)}
    <section id="results" aria-live="polite">
      <p class="muted">${t(locale, 'common.results', { count: page.total })}</p>
      ${rows(locale, page.data)}
      ${pagination(locale, page, link)}
    </section>`;
}

function impactsList(locale: Locale, e: Enterprise): SafeHtml {
  if (e.impacts.length === 0) return html`<p class="muted">${t(locale, 'common.none')}</p>`;
  const key = {
    social: 'enterprises.impactSocial',
    economic: 'enterprises.impactEconomic',
    environmental: 'enterprises.impactEnvironmental',
  } as const;
  return html`<ul class="impacts">${impactKinds.flatMap((kind) =>
    e.impacts
      .filter((i) => i.kind === kind)
      .map(
        (i) =>
          html`<li><span class="badge">${t(locale, key[kind])}</span> ${i.value ? html`<span class="impact-value">${i.value}</span>` : ''}${i.label}</li>`,
      ),
  )}</ul>`;
}

export function enterpriseDetail(req: Request, locale: Locale, e: Enterprise): SafeHtml {
  const user = req.user!;
  const canEdit = isStaff(user) || user.enterpriseId === e.id;
  const actions = html`${canEdit ? html`<a class="button primary" href="/enterprises/${e.id}/edit">${t(locale, 'common.edit')}</a>` : ''}
    ${
      user.role === 'admin'
        ? html`<form method="post" action="/enterprises/${e.id}/delete" class="inline-form" data-confirm="${t(locale, 'common.confirmDelete')}">
      ${csrfField(req)}<button type="submit" class="button danger">${t(locale, 'common.delete')}</button></form>`
        : ''
    }`;
  return html`${pageHead(e.name, actions)}
  <section class="card detail">
    ${logoImage(locale, e, 'logo-large')}
    <dl class="props">
      <dt>${t(locale, 'enterprises.legalForm')}</dt><dd>${legalFormLabel(locale, e.legalForm)}</dd>
      <dt>${t(locale, 'enterprises.territory')}</dt><dd>${e.territory}</dd>
      <dt>${t(locale, 'enterprises.sector')}</dt><dd>${sectorLabel(locale, e.sector)}</dd>
      <dt>${t(locale, 'enterprises.website')}</dt><dd>${e.website ? html`<a href="${e.website}" rel="noopener noreferrer">${e.website}</a>` : '—'}</dd>
      <dt>${t(locale, 'enterprises.brandColor')}</dt><dd><span class="swatch" style="background:${e.brandColor}" aria-hidden="true"></span><code>${e.brandColor}</code></dd>
      <dt>${t(locale, 'enterprises.cohorts')}</dt><dd>${e.cohorts.join(', ') || '—'}</dd>
      <dt>${t(locale, 'enterprises.tagList')}</dt><dd>${e.tags.join(', ') || '—'}</dd>
      <dt>${t(locale, 'enterprises.active')}</dt><dd>${t(locale, e.active ? 'common.yes' : 'common.no')}</dd>
      <dt>${t(locale, 'enterprises.updated')}</dt><dd>${formatDateTime(locale, e.updatedAt)}</dd>
    </dl>
  </section>
  <h2>${t(locale, 'enterprises.description')}</h2>
  <p class="prose">${e.description || '—'}</p>
  <h2>${t(locale, 'enterprises.impacts')}</h2>
  ${impactsList(locale, e)}`;
}
