import { type Request, type Response, Router } from 'express';
import { config } from '../../config/index.js';
import { AppError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { listAdsOfCampaign } from '../../modules/ads/ad.service.js';
import { type Campaign, getCampaign } from '../../modules/campaigns/campaign.service.js';
import { listChannels, type PublicChannel } from '../../modules/channels/channel.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import { applyPlan, type Plan, previewPlan } from '../../modules/planning/planner.service.js';
import { csrfField, errorSummary, type FieldErrors, fieldErrors, formField } from '../forms.js';
import { idParam, requireStaff } from '../guards.js';
import { formatDateTime, type Locale, localeOf, type MessageKey, t } from '../i18n/index.js';
import { flash, pageHead, sendPage } from '../layout.js';
import {
  checkGroup,
  type PlanFormValues,
  planField,
  planInputFromValues,
  planValuesFromBody,
  weekdayKeys,
} from './campaign-plan.form.js';

function planForm(
  req: Request,
  locale: Locale,
  c: Campaign,
  channels: PublicChannel[],
  v: PlanFormValues,
  errors?: FieldErrors,
): SafeHtml {
  const labels = {
    channelIds: t(locale, 'plan.channels'),
    weekdays: t(locale, 'plan.weekdays'),
    times: t(locale, 'plan.times'),
    minGapHours: t(locale, 'plan.gap'),
    from: t(locale, 'plan.from'),
    to: t(locale, 'plan.to'),
  };
  return html`<form method="post" action="/campaigns/${c.id}/plan/preview" class="card stack" novalidate>
    ${csrfField(req)}${errorSummary(locale, errors, labels)}
    ${checkGroup(
      'channelIds',
      labels.channelIds,
      channels
        .filter((ch) => ch.status !== 'disabled')
        .map((ch) => ({
          value: ch.id,
          label: `${ch.name} (${ch.platform === 'facebook' ? 'Facebook' : 'LinkedIn'})`,
        })),
      v.channelIds,
      errors,
    )}
    ${checkGroup(
      'weekdays',
      labels.weekdays,
      weekdayKeys.map((k, i) => ({ value: String(i + 1), label: t(locale, k) })),
      v.weekdays,
      errors,
    )}
    <div class="form-grid">
      ${formField({ name: 'times', label: labels.times, value: v.times, hint: t(locale, 'plan.timesHint', { zone: config().HUB_TIMEZONE }), errors })}
      ${formField({ name: 'minGapHours', label: labels.minGapHours, type: 'number', value: v.minGapHours, hint: t(locale, 'plan.gapHint'), errors })}
      ${formField({ name: 'from', label: labels.from, type: 'date', value: v.from, hint: t(locale, 'plan.periodHint'), errors })}
      ${formField({ name: 'to', label: labels.to, type: 'date', value: v.to, errors })}
    </div>
    <div class="form-actions"><button type="submit" class="button primary">${t(locale, 'plan.preview')}</button>
      <a class="button" href="/campaigns/${c.id}">${t(locale, 'common.cancel')}</a></div>
  </form>`;
}

/** The previewed plan: one row per ad and time, what was left out and why, the fairness figures. */
async function planTable(
  req: Request,
  locale: Locale,
  c: Campaign,
  plan: Plan,
  channels: PublicChannel[],
  v: PlanFormValues,
): Promise<SafeHtml> {
  const [ads, enterprises] = await Promise.all([
    listAdsOfCampaign(c.id),
    listEnterprises(req.user!, { limit: 100 }),
  ]);
  const adCaption = new Map(ads.map((a) => [a.id, a.caption.default.slice(0, 60) || a.id]));
  const names = new Map([
    ...enterprises.data.map((e) => [e.id, e.name] as const),
    ...channels.map((ch) => [ch.id, ch.name] as const),
  ]);
  const hidden = (name: string, values: string[]) =>
    values.map((value) => html`<input type="hidden" name="${name}" value="${value}">`);
  const rows = plan.items.map(
    (i) => html`<tr><td>${formatDateTime(locale, i.at)}</td><td>${i.week}</td>
      <td><a href="/ads/${i.adId}">${adCaption.get(i.adId) ?? i.adId}</a></td>
      <td>${i.enterpriseIds.map((e) => names.get(e) ?? e).join(', ')}</td><td>${i.channelIds.map((ch) => names.get(ch) ?? ch).join(', ')}</td></tr>`,
  );
  return html`<section class="card" id="plan-preview" aria-labelledby="plan-preview-title">
    <h2 id="plan-preview-title">${t(locale, 'plan.previewTitle', { count: plan.items.length, available: plan.slots.available })}</h2>
    ${
      plan.items.length
        ? html`<div class="table-wrap"><table><thead><tr><th scope="col">${t(locale, 'plan.when')}</th><th scope="col">${t(locale, 'plan.week')}</th>
      <th scope="col">${t(locale, 'ads.detail')}</th><th scope="col">${t(locale, 'ads.enterprise')}</th><th scope="col">${t(locale, 'plan.channels')}</th></tr></thead><tbody>${rows}</tbody></table></div>`
        : html`<p class="muted">${t(locale, 'plan.nothing')}</p>`
    }
    <h3>${t(locale, 'plan.fairness', { weeks: plan.fairness.weeks })}</h3>
    <ul>${plan.fairness.enterprises.map((e) => html`<li>${names.get(e.enterpriseId) ?? e.enterpriseId} : ${t(locale, 'plan.fairnessLine', { ads: e.ads, max: e.maxInOneWeek, cap: e.cap })}</li>`)}</ul>
    ${plan.skipped.length ? html`<h3>${t(locale, 'plan.skipped', { count: plan.skipped.length })}</h3><ul>${plan.skipped.map((s) => html`<li><a href="/ads/${s.adId}">${adCaption.get(s.adId) ?? s.adId}</a> : ${t(locale, `plan.skip.${s.reason}` as MessageKey)}</li>`)}</ul>` : ''}
    ${
      plan.items.length
        ? html`<form method="post" action="/campaigns/${c.id}/plan">${csrfField(req)}
      ${hidden('channelIds', v.channelIds)}${hidden('weekdays', v.weekdays)}${hidden('times', [v.times])}${hidden('minGapHours', [v.minGapHours])}${hidden('from', [v.from])}${hidden('to', [v.to])}
      <input type="hidden" name="planId" value="${plan.planId}">
      <button type="submit" class="button primary">${t(locale, 'plan.apply', { count: plan.items.length })}</button></form>`
        : ''
    }
  </section>`;
}

async function renderPlanPage(
  req: Request,
  res: Response,
  state: { campaign: Campaign; values: PlanFormValues; errors?: FieldErrors; plan?: Plan },
): Promise<void> {
  const locale = localeOf(req);
  const c = state.campaign;
  const channels = await listChannels();
  const title = t(locale, 'plan.title', { name: c.name });
  const body = html`${pageHead(title)}<p class="muted">${t(locale, 'plan.intro')}</p>
    ${planForm(req, locale, c, channels, state.values, state.errors)}
    ${state.plan ? await planTable(req, locale, c, state.plan, channels, state.values) : ''}`;
  sendPage(req, res, { title, active: 'campaigns', body }, state.errors ? 400 : 200);
}

const defaults = (c: Campaign, channels: PublicChannel[]): PlanFormValues => ({
  channelIds: c.defaultChannelIds.length
    ? c.defaultChannelIds
    : channels.filter((ch) => ch.owner.kind === 'hub' && ch.status !== 'disabled').map((ch) => ch.id),
  weekdays: ['2', '4'],
  times: '10:00',
  minGapHours: '24',
  from: '',
  to: '',
});

/** The auto-planner from a campaign's page: a form, its preview, then apply in one step. */
export function campaignPlanPages(): Router {
  const router = Router();
  router.get('/:id/plan', async (req, res) => {
    requireStaff(req);
    const campaign = await getCampaign(req.user!, idParam(req, 'Campaign'));
    await renderPlanPage(req, res, { campaign, values: defaults(campaign, await listChannels()) });
  });

  router.post('/:id/plan/preview', async (req, res) => {
    requireStaff(req);
    const campaign = await getCampaign(req.user!, idParam(req, 'Campaign'));
    const values = planValuesFromBody(req.body ?? {});
    try {
      const plan = await previewPlan(req.user!, planInputFromValues(campaign.id, values));
      await renderPlanPage(req, res, { campaign, values, plan });
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req), planField);
      if (!errors) throw err;
      await renderPlanPage(req, res, { campaign, values, errors });
    }
  });

  router.post('/:id/plan', async (req, res) => {
    requireStaff(req);
    const campaign = await getCampaign(req.user!, idParam(req, 'Campaign'));
    const values = planValuesFromBody(req.body ?? {});
    const planId = typeof req.body?.planId === 'string' ? req.body.planId : undefined;
    try {
      const { data } = await applyPlan(req.user!, planInputFromValues(campaign.id, values, planId));
      flash(req, 'success', t(localeOf(req), 'plan.applied', { count: data.length }));
      res.redirect(303, `/campaigns/${campaign.id}`);
    } catch (err) {
      // A conflict (the plan changed, or a slot was taken meanwhile) has no field: it goes on top.
      const conflict = err instanceof AppError && err.status === 409;
      const errors = conflict
        ? { '(body)': [t(localeOf(req), 'plan.stale')] }
        : fieldErrors(err, localeOf(req), planField);
      if (!errors) throw err;
      await renderPlanPage(req, res, { campaign, values, errors });
    }
  });
  return router;
}
