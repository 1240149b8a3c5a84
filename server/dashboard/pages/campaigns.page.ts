import { type Request, type Response, Router } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import type { Page } from '../../lib/pagination.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { type CampaignListQuery, campaignStatuses } from '../../modules/campaigns/campaign.schemas.js';
import {
  type Campaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
} from '../../modules/campaigns/campaign.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import { idParam, requireStaff } from '../guards.js';
import { formatDate, type Locale, localeOf, t } from '../i18n/index.js';
import {
  type FieldErrors,
  fieldErrors,
  flash,
  formField,
  listUrl,
  pageHead,
  pagination,
  selectField,
  sendPage,
  statusBadge,
  statusOptions,
} from '../layout.js';
import {
  type CampaignFormValues,
  campaignField,
  campaignForm,
  inputFromValues,
  valuesFromBody,
  valuesFromCampaign,
} from './campaign-form.js';
import { campaignPlanPages } from './campaign-plan.page.js';
import { campaignRenderPages, progressFromQuery, renderAllButton } from './campaign-render.page.js';

function list(
  req: Request,
  locale: Locale,
  f: { q?: string; status?: string },
  page: Page<Campaign>,
): SafeHtml {
  const actions = isStaff(req.user!)
    ? html`<a class="button primary" href="/campaigns/new">${t(locale, 'campaigns.new')}</a>`
    : '';
  const rows = page.data.map(
    (
      c,
    ) => html`<tr><td><a href="/campaigns/${c.id}">${c.name}</a></td><td>${statusBadge(locale, c.status)}</td>
      <td>${formatDate(locale, c.period.start)} – ${formatDate(locale, c.period.end)}</td><td>${c.enterpriseIds.length}</td></tr>`,
  );
  return html`${pageHead(t(locale, 'campaigns.title'), actions)}
    <form method="get" action="/campaigns" class="filters" role="search">
      <div class="field-search">${formField({ name: 'q', type: 'search', label: t(locale, 'common.search'), value: f.q })}</div>
      ${selectField({ name: 'status', label: t(locale, 'campaigns.status'), value: f.status, options: statusOptions(locale, campaignStatuses), empty: t(locale, 'common.all') })}
      <button type="submit" class="button">${t(locale, 'common.filter')}</button>
    </form>
    ${
      page.data.length === 0
        ? html`<p class="muted">${t(locale, 'common.empty')}</p>`
        : html`<div class="table-wrap"><table><thead><tr><th scope="col">${t(locale, 'campaigns.name')}</th><th scope="col">${t(locale, 'campaigns.status')}</th>
        <th scope="col">${t(locale, 'campaigns.period')}</th><th scope="col">${t(locale, 'campaigns.enterprises')}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    }
    ${pagination(locale, page, (n) => listUrl('/campaigns', { ...f, page: n > 1 ? n : undefined }))}`;
}

async function detail(req: Request, locale: Locale, c: Campaign): Promise<SafeHtml> {
  const featured = (await listEnterprises(req.user!, { limit: 100 })).data.filter((e) =>
    c.enterpriseIds.includes(e.id),
  );
  const actions = isStaff(req.user!)
    ? html`${renderAllButton(req, locale, c.id)}<a class="button" href="/campaigns/${c.id}/plan">${t(locale, 'plan.open')}</a><a class="button primary" href="/campaigns/${c.id}/edit">${t(locale, 'common.edit')}</a>`
    : '';
  return html`${pageHead(c.name, actions)}${await progressFromQuery(req, locale, c.id)}
    <section class="card"><dl class="props">
      <dt>${t(locale, 'campaigns.status')}</dt><dd>${statusBadge(locale, c.status)}</dd>
      <dt>${t(locale, 'campaigns.period')}</dt><dd>${formatDate(locale, c.period.start)} – ${formatDate(locale, c.period.end)}</dd>
      <dt>${t(locale, 'campaigns.hashtags')}</dt><dd>${c.hashtags.map((h) => `#${h}`).join(' ') || '—'}</dd>
      <dt>${t(locale, 'campaigns.utm')}</dt><dd><code>${[c.utm.source, c.utm.medium, c.utm.campaign].filter(Boolean).join(' · ') || '—'}</code></dd>
    </dl></section>
    <h2>${t(locale, 'campaigns.theme')}</h2><p class="prose">${c.theme || '—'}</p>
    <h2>${t(locale, 'campaigns.enterprises')}</h2>
    ${featured.length ? html`<ul>${featured.map((e) => html`<li><a href="/enterprises/${e.id}">${e.name}</a></li>`)}</ul>` : html`<p class="muted">${t(locale, 'common.none')}</p>`}
    <p><a class="button" href="/ads?campaignId=${c.id}">${t(locale, 'ads.viewAll')}</a></p>`;
}

async function renderForm(
  req: Request,
  res: Response,
  state: { values: CampaignFormValues; errors?: FieldErrors; campaign?: Campaign },
): Promise<void> {
  const locale = localeOf(req);
  const c = state.campaign;
  const title = c ? t(locale, 'campaigns.edit', { name: c.name }) : t(locale, 'campaigns.new');
  const enterprises = (await listEnterprises(req.user!, { limit: 100 })).data;
  const form = campaignForm(req, locale, {
    action: c ? `/campaigns/${c.id}` : '/campaigns',
    values: state.values,
    errors: state.errors,
    enterprises,
    cancel: c ? `/campaigns/${c.id}` : '/campaigns',
  });
  sendPage(
    req,
    res,
    { title, active: 'campaigns', body: html`${pageHead(title)}${form}` },
    state.errors ? 400 : 200,
  );
}

export function campaignsPages(): Router {
  const router = Router();
  router.use(campaignRenderPages());
  router.use(campaignPlanPages());

  router.get('/', async (req, res) => {
    const locale = localeOf(req);
    const q =
      typeof req.query.q === 'string' && req.query.q.trim() ? req.query.q.trim().slice(0, 100) : undefined;
    const status = (campaignStatuses as readonly string[]).includes(String(req.query.status))
      ? String(req.query.status)
      : undefined;
    const pageNumber = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    const page = await listCampaigns(req.user!, {
      q,
      status: status as CampaignListQuery['status'],
      page: pageNumber,
      limit: 20,
      sort: '-start',
    });
    sendPage(req, res, {
      title: t(locale, 'campaigns.title'),
      active: 'campaigns',
      body: list(req, locale, { q, status }, page),
    });
  });

  router.get('/new', async (req, res) => {
    requireStaff(req);
    await renderForm(req, res, { values: valuesFromCampaign() });
  });

  router.post('/', async (req, res) => {
    requireStaff(req);
    const values = valuesFromBody(req.body ?? {});
    try {
      const created = await createCampaign(req.user!, inputFromValues(values));
      flash(req, 'success', t(localeOf(req), 'common.created'));
      res.redirect(303, `/campaigns/${created.id}`);
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req), campaignField);
      if (!errors) throw err;
      await renderForm(req, res, { values, errors });
    }
  });

  router.get('/:id', async (req, res) => {
    const campaign = await getCampaign(req.user!, idParam(req, 'Campaign'));
    const locale = localeOf(req);
    sendPage(req, res, {
      title: campaign.name,
      active: 'campaigns',
      body: await detail(req, locale, campaign),
    });
  });

  router.get('/:id/edit', async (req, res) => {
    requireStaff(req);
    const campaign = await getCampaign(req.user!, idParam(req, 'Campaign'));
    await renderForm(req, res, { values: valuesFromCampaign(campaign), campaign });
  });

  router.post('/:id', async (req, res) => {
    requireStaff(req);
    const campaign = await getCampaign(req.user!, idParam(req, 'Campaign'));
    const values = valuesFromBody(req.body ?? {});
    try {
      await updateCampaign(req.user!, campaign.id, inputFromValues(values));
      flash(req, 'success', t(localeOf(req), 'common.saved'));
      res.redirect(303, `/campaigns/${campaign.id}`);
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req), campaignField);
      if (!errors) throw err;
      await renderForm(req, res, { values, errors, campaign });
    }
  });

  return router;
}
