import { type Request, Router } from 'express';
import { DateTime } from 'luxon';
import { config } from '../../config/index.js';
import { AppError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { enterpriseScope, isStaff } from '../../modules/access/access.policy.js';
import { listCampaigns } from '../../modules/campaigns/campaign.service.js';
import { listChannels } from '../../modules/channels/channel.service.js';
import { getEnterprise, listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import {
  type Exposure,
  exposure,
  parseExposureQuery,
  scopeExposureFilter,
} from '../../modules/statistics/exposure.service.js';
import { errorSummary, type FieldErrors, fieldErrors, formField } from '../forms.js';
import { formatDate, type Locale, localeOf, t } from '../i18n/index.js';
import { listUrl, pageHead, selectField, sendPage } from '../layout.js';
import {
  chartsAndBreakdowns,
  definitionsSection,
  emptyState,
  topPostsSection,
  totalsSection,
} from './exposure-views.js';

/** What the filter form sends: a month, or two dates when `period=custom`, and the filters. */
interface PageQuery {
  period: 'month' | 'custom';
  month: string;
  from: string;
  to: string;
  enterpriseId: string;
  campaignId: string;
  channelId: string;
  platform: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const HISTORY_MONTHS = 25;

function pageQuery(req: Request): PageQuery {
  const q = req.query;
  const zone = config().HUB_TIMEZONE;
  return {
    period: text(q.period) === 'custom' ? 'custom' : 'month',
    month: text(q.month) || DateTime.now().setZone(zone).minus({ months: 1 }).toFormat('yyyy-MM'),
    from: text(q.from),
    to: text(q.to),
    enterpriseId: text(q.enterpriseId),
    campaignId: text(q.campaignId),
    channelId: text(q.channelId),
    platform: text(q.platform),
  };
}

/** The API's query for the form's choice: either the month or the two dates. */
function apiQuery(p: PageQuery): Record<string, string> {
  const period: Record<string, string> =
    p.period === 'custom' ? { from: p.from, to: p.to } : { month: p.month };
  return {
    ...period,
    enterpriseId: p.enterpriseId,
    campaignId: p.campaignId,
    channelId: p.channelId,
    platform: p.platform,
  };
}

function monthOptions(locale: Locale, chosen: string) {
  const now = DateTime.now()
    .setZone(config().HUB_TIMEZONE)
    .setLocale(locale === 'fr' ? 'fr-CA' : 'en-CA');
  const months = Array.from({ length: HISTORY_MONTHS }, (_, i) => now.minus({ months: i }));
  const options = months.map((m) => ({ value: m.toFormat('yyyy-MM'), label: m.toFormat('LLLL yyyy') }));
  return options.some((o) => o.value === chosen) ? options : [{ value: chosen, label: chosen }, ...options];
}

async function filterForm(
  req: Request,
  locale: Locale,
  p: PageQuery,
  errors?: FieldErrors,
): Promise<SafeHtml> {
  const user = req.user!;
  const staff = isStaff(user);
  const own = enterpriseScope(user)?.[0];
  const [campaigns, channels, enterprises] = await Promise.all([
    listCampaigns(user, { limit: 100 }),
    listChannels(),
    staff ? listEnterprises(user, { limit: 100 }) : undefined,
  ]);
  const visible = channels.filter((c) => staff || c.owner.kind === 'hub' || c.owner.enterpriseId === own);
  const all = t(locale, 'exposure.all');
  const select = (name: keyof PageQuery, options: { value: string; label: string }[], empty?: string) =>
    selectField({
      name,
      label: t(
        locale,
        `exposure.${name === 'enterpriseId' ? 'enterprise' : name === 'campaignId' ? 'campaign' : name === 'channelId' ? 'channel' : name}` as 'exposure.month',
      ),
      value: p[name],
      options,
      errors,
      ...(empty ? { empty } : {}),
    });
  const radio = (value: PageQuery['period'], label: string) =>
    html`<label class="radio"><input type="radio" name="period" value="${value}"${p.period === value ? html` checked` : ''}> ${label}</label>`;
  return html`<form method="get" action="/exposure" class="filters exposure-filters" aria-label="${t(locale, 'exposure.filters')}">
    <fieldset class="exposure-period"><legend>${t(locale, 'exposure.periodKind')}</legend>
      ${radio('month', t(locale, 'exposure.byMonth'))} ${radio('custom', t(locale, 'exposure.custom'))}
      ${select('month', monthOptions(locale, p.month))}
      ${formField({ name: 'from', type: 'date', label: t(locale, 'exposure.from'), value: p.from, errors })}
      ${formField({ name: 'to', type: 'date', label: t(locale, 'exposure.to'), value: p.to, errors })}
    </fieldset>
    ${
      enterprises
        ? select(
            'enterpriseId',
            enterprises.data.map((e) => ({ value: e.id, label: e.name })),
            all,
          )
        : ''
    }
    ${select(
      'campaignId',
      campaigns.data.map((c) => ({ value: c.id, label: c.name })),
      all,
    )}
    ${select(
      'channelId',
      visible.map((c) => ({
        value: c.id,
        label: `${c.name} (${c.platform === 'facebook' ? 'Facebook' : 'LinkedIn'})`,
      })),
      all,
    )}
    ${select(
      'platform',
      [
        { value: 'facebook', label: 'Facebook' },
        { value: 'linkedin', label: 'LinkedIn' },
      ],
      all,
    )}
    <button type="submit" class="button primary">${t(locale, 'exposure.apply')}</button>
  </form>`;
}

async function figuresBody(req: Request, locale: Locale, e: Exposure): Promise<SafeHtml> {
  const own =
    !isStaff(req.user!) && e.filter.enterpriseId
      ? await getEnterprise(req.user!, e.filter.enterpriseId)
      : undefined;
  const period = (from: string, to: string) =>
    t(locale, 'exposure.period', {
      from: formatDate(locale, `${from}T12:00:00`),
      to: formatDate(locale, `${to}T12:00:00`),
    });
  const prev = e.previousPeriod;
  return html`<p class="exposure-heading"><strong>${period(e.filter.from, e.filter.to)}</strong>${own ? html` · ${t(locale, 'exposure.ownEnterprise', { name: own.name })}` : ''}
    ${prev ? html`<br><span class="muted">${t(locale, 'exposure.comparedWith', { from: formatDate(locale, `${prev.from}T12:00:00`), to: formatDate(locale, `${prev.to}T12:00:00`) })}</span>` : ''}</p>
    ${emptyState(locale, e)}
    ${totalsSection(locale, e)}
    ${e.totals.posts > 0 ? await chartsAndBreakdowns(locale, e) : ''}
    ${topPostsSection(locale, e)}
    ${definitionsSection(locale, e)}`;
}

/** /exposure: figures, charts, breakdowns and top posts for a period; a member sees only its own enterprise. */
export function exposurePages(): Router {
  const router = Router();
  router.get('/exposure', async (req, res) => {
    const locale = localeOf(req);
    const p = pageQuery(req);
    let figures: Exposure | undefined;
    let errors: FieldErrors | undefined;
    try {
      const { filter } = parseExposureQuery(apiQuery(p));
      figures = await exposure(await scopeExposureFilter(req.user!, filter), { locale });
    } catch (err) {
      // Another member's enterprise, campaign or channel: the 404 page, as everywhere else.
      if (err instanceof AppError && err.status === 404) throw err;
      errors = fieldErrors(err, locale);
      if (!errors) throw err;
    }
    const csv = figures ? listUrl('/api/v1/exposure.csv', { ...figures.filter }) : undefined;
    const actions = csv
      ? html`<a class="button" href="${csv}" download>${t(locale, 'exposure.csv')}</a>`
      : '';
    const body = html`<link rel="stylesheet" href="/static/exposure.css">
      ${pageHead(t(locale, 'exposure.title'), actions)}
      <p class="muted">${t(locale, 'exposure.intro')}</p>
      ${errorSummary(locale, errors)}
      ${await filterForm(req, locale, p, errors)}
      ${figures ? await figuresBody(req, locale, figures) : ''}`;
    sendPage(req, res, { title: t(locale, 'exposure.title'), body, active: 'exposure' }, errors ? 400 : 200);
  });
  return router;
}
