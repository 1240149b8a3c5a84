import { type Request, type Response, Router } from 'express';
import { AppError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import type { Page } from '../../lib/pagination.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { type AdListQuery, adStatuses } from '../../modules/ads/ad.schemas.js';
import { type Ad, listAds } from '../../modules/ads/ad.service.js';
import { type Campaign, listCampaigns } from '../../modules/campaigns/campaign.service.js';
import { listChannels, type PublicChannel } from '../../modules/channels/channel.service.js';
import { type Enterprise, listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import { requireStaff } from '../guards.js';
import { formatDateTime, type Locale, localeOf, type MessageKey, t } from '../i18n/index.js';
import {
  csrfField,
  type FieldErrors,
  fieldErrors,
  flash,
  listUrl,
  pageHead,
  pagination,
  selectField,
  sendPage,
  statusBadge,
  statusOptions,
} from '../layout.js';
import { adDetailPages } from './ad-detail.page.js';
import { adEditorPages } from './ad-editor.page.js';
import { type BulkValues, bulkBar, bulkField, bulkValuesFromBody, runBulk } from './ads-bulk.js';

interface AdFilters {
  campaignId?: string;
  enterpriseId?: string;
  status?: string;
}

const idPattern = /^[a-f0-9]{24}$/i;
// Thumbnails come inline with the page, so 50 rows cost one request: a year's ads fit in one page.
const LIST_PAGE_SIZE = 50;

function filtersFrom(query: Record<string, unknown>): AdFilters {
  const id = (v: unknown) => (typeof v === 'string' && idPattern.test(v) ? v : undefined);
  const status =
    typeof query.status === 'string' && (adStatuses as readonly string[]).includes(query.status)
      ? query.status
      : undefined;
  return { campaignId: id(query.campaignId), enterpriseId: id(query.enterpriseId), status };
}

function excerpt(text: string, max = 90): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function table(
  locale: Locale,
  ads: Ad[],
  campaigns: Map<string, Campaign>,
  enterprises: Map<string, Enterprise>,
  selected?: Set<string>,
): SafeHtml {
  if (ads.length === 0) return html`<p class="muted">${t(locale, 'common.empty')}</p>`;
  const rows = ads.map((ad) => {
    const campaign = campaigns.get(ad.campaignId);
    const preview = ad.renders[0];
    const pick = selected
      ? html`<td><input type="checkbox" name="adIds" value="${ad.id}" aria-label="${t(locale, 'bulk.select')}"${selected.has(ad.id) ? html` checked` : ''}></td>`
      : '';
    return html`<tr>${pick}
      <td>${preview ? html`<img class="logo-thumb" src="${preview.thumbnailUrl ?? preview.url}" alt="${t(locale, 'ads.preview')}">` : ''}</td>
      <td>${campaign ? html`<a href="/campaigns/${campaign.id}">${campaign.name}</a>` : '—'}</td>
      <td>${ad.enterpriseIds
        .map((id) => enterprises.get(id))
        .filter((e): e is Enterprise => Boolean(e))
        .map((e, i) => html`${i ? ', ' : ''}<a href="/enterprises/${e.id}">${e.name}</a>`)}</td>
      <td><a href="/ads/${ad.id}">${excerpt(ad.caption.default) || t(locale, 'ads.detail')}</a></td>
      <td>${statusBadge(locale, ad.status)}</td>
      <td>${ad.approval.status ? statusBadge(locale, ad.approval.status) : ad.approval.required || campaign?.requiresApproval ? t(locale, 'approval.state.not_asked') : '—'}</td>
      <td>${formatDateTime(locale, ad.updatedAt)}</td></tr>`;
  });
  const pickHead = selected
    ? html`<th scope="col"><span class="visually-hidden">${t(locale, 'bulk.select')}</span></th>`
    : '';
  return html`<div class="table-wrap"><table><thead><tr>${pickHead}
    <th scope="col"><span class="visually-hidden">${t(locale, 'ads.preview')}</span></th><th scope="col">${t(locale, 'ads.campaign')}</th>
    <th scope="col">${t(locale, 'ads.enterprise')}</th><th scope="col">${t(locale, 'ads.caption')}</th><th scope="col">${t(locale, 'ads.status')}</th>
    <th scope="col">${t(locale, 'ads.approval')}</th><th scope="col">${t(locale, 'enterprises.updated')}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

interface ListData {
  ads: Page<Ad>;
  campaigns: Campaign[];
  enterprises: Enterprise[];
  /** Staff only: the channels the bulk schedule offers. */
  channels?: PublicChannel[];
}

function page(
  req: Request,
  locale: Locale,
  f: AdFilters,
  { ads, campaigns, enterprises, channels }: ListData,
  bulk?: { values?: BulkValues; errors?: FieldErrors },
): SafeHtml {
  const staff = channels !== undefined;
  const results = table(
    locale,
    ads.data,
    new Map(campaigns.map((c) => [c.id, c])),
    new Map(enterprises.map((e) => [e.id, e])),
    staff ? new Set(bulk?.values?.adIds ?? []) : undefined,
  );
  const list =
    staff && ads.data.length > 0
      ? html`<form method="post" action="/ads/bulk" novalidate>${csrfField(req)}${results}
        ${bulkBar(locale, channels, bulk?.values, bulk?.errors)}</form>`
      : results;
  const create = staff
    ? html`<a class="button primary" href="${listUrl('/ads/new', { campaignId: f.campaignId })}">${t(locale, 'ads.new')}</a>`
    : '';
  return html`${pageHead(t(locale, 'ads.title'), create)}
    <form method="get" action="/ads" class="filters" hx-get="/ads" hx-trigger="change" hx-target="#results" hx-select="#results" hx-swap="outerHTML" hx-push-url="true">
      ${selectField({ name: 'campaignId', label: t(locale, 'ads.campaign'), value: f.campaignId, options: campaigns.map((c) => ({ value: c.id, label: c.name })), empty: t(locale, 'common.all') })}
      ${selectField({ name: 'enterpriseId', label: t(locale, 'ads.enterprise'), value: f.enterpriseId, options: enterprises.map((e) => ({ value: e.id, label: e.name })), empty: t(locale, 'common.all') })}
      ${selectField({ name: 'status', label: t(locale, 'ads.status'), value: f.status, options: statusOptions(locale, adStatuses), empty: t(locale, 'common.all') })}
      <button type="submit" class="button">${t(locale, 'common.filter')}</button>
    </form>
    <section id="results" aria-live="polite">
      <p class="muted">${t(locale, 'common.results', { count: ads.total })}</p>
      ${list}
      ${pagination(locale, ads, (n) => listUrl('/ads', { ...f, page: n > 1 ? n : undefined }))}
    </section>`;
}

async function renderList(
  req: Request,
  res: Response,
  bulk?: { values: BulkValues; errors: FieldErrors },
  status = 400,
) {
  const locale = localeOf(req);
  const user = req.user!;
  const f = filtersFrom(req.query as Record<string, unknown>);
  const pageNumber = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
  const [ads, campaigns, enterprises, channels] = await Promise.all([
    listAds(user, { ...(f as AdListQuery), page: pageNumber, limit: LIST_PAGE_SIZE }),
    listCampaigns(user, { limit: 100 }),
    listEnterprises(user, { limit: 100 }),
    isStaff(user) ? listChannels() : undefined,
  ]);
  const body = page(
    req,
    locale,
    f,
    { ads, campaigns: campaigns.data, enterprises: enterprises.data, channels },
    bulk,
  );
  sendPage(req, res, { title: t(locale, 'ads.title'), active: 'ads', body }, bulk ? status : 200);
}

/**
 * The ads list, filtered by campaign, enterprise and status, with bulk actions for staff.
 * Members see only ads featuring their enterprise.
 */
export function adsPages(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    await renderList(req, res);
  });
  const bulkDone = {
    render: 'bulk.rendered',
    approval: 'bulk.approvalAsked',
    schedule: 'bulk.scheduled',
  } as const satisfies Record<string, MessageKey>;
  router.post('/bulk', async (req, res) => {
    requireStaff(req);
    const values = bulkValuesFromBody(req.body ?? {});
    const locale = localeOf(req);
    try {
      const count = await runBulk(req.user!, values);
      flash(
        req,
        'success',
        t(locale, bulkDone[values.action as keyof typeof bulkDone] ?? 'bulk.scheduled', { count }),
      );
      res.redirect(303, '/ads');
    } catch (err) {
      // A conflict has no field to stand beside: it goes above the actions.
      const conflict = err instanceof AppError && err.status === 409;
      const errors = conflict
        ? { '(body)': [t(locale, 'bulk.conflict')] }
        : fieldErrors(err, locale, bulkField);
      if (!errors) throw err;
      await renderList(req, res, { values, errors }, conflict ? 409 : 400);
    }
  });
  // The editor's fixed paths (/new, /preview) before the detail page's /:id.
  router.use(adEditorPages());
  router.use(adDetailPages());
  return router;
}
