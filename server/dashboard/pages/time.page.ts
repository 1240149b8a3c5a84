import { type Request, type Response, Router } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { hubMonth } from '../../lib/hub-time.js';
import { isObjectId } from '../../lib/object-id.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { listCampaigns } from '../../modules/campaigns/campaign.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import {
  activities,
  createTimeEntry,
  deleteTimeEntry,
  listTimeEntries,
  type MonthTime,
  monthTime,
  type TimeEntry,
} from '../../modules/mutualisation/time-entry.service.js';
import { formatNumber, isoDate, type Locale, localeOf, type MessageKey, t } from '../i18n/index.js';
import {
  csrfField,
  errorSummary,
  type FieldErrors,
  fieldErrors,
  flash,
  formField,
  pageHead,
  selectField,
  sendPage,
  textareaField,
} from '../layout.js';

const money = (locale: Locale, n: number) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { style: 'currency', currency: 'CAD' }).format(
    n,
  );
const percent = (locale: Locale, n: number) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(n);

/** The month shown: `?month=YYYY-MM` when valid, else the current hub month. */
function monthOf(req: Request): string {
  const month = String(req.query.month ?? req.body?.month ?? '');
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : hubMonth(new Date());
}

async function logForm(req: Request, locale: Locale, errors?: FieldErrors): Promise<SafeHtml> {
  const [enterprises, campaigns] = await Promise.all([
    listEnterprises(req.user!, { active: 'true', limit: 100, sort: 'name' }),
    listCampaigns(req.user!, { limit: 100 }),
  ]);
  const v = (name: string) => (errors ? String(req.body?.[name] ?? '') : '');
  const labels = {
    enterpriseId: t(locale, 'time.enterprise'),
    date: t(locale, 'time.date'),
    minutes: t(locale, 'time.minutes'),
    activity: t(locale, 'time.activity'),
  };
  return html`<section class="card"><h2>${t(locale, 'time.log')}</h2>${errorSummary(locale, errors, labels)}
    <form method="post" action="/time" class="stack">${csrfField(req)}
      ${selectField({ name: 'enterpriseId', label: labels.enterpriseId, required: true, errors, value: v('enterpriseId'), empty: '', options: enterprises.data.map((e) => ({ value: e.id, label: e.name })) })}
      ${formField({ name: 'date', type: 'date', label: labels.date, required: true, errors, value: v('date') || isoDate(new Date()) })}
      ${formField({ name: 'minutes', type: 'number', label: labels.minutes, hint: t(locale, 'time.minutesHint'), required: true, errors, value: v('minutes') })}
      ${selectField({ name: 'activity', label: labels.activity, required: true, errors, value: v('activity') || 'planning', options: activities.map((a) => ({ value: a, label: t(locale, `time.activity.${a}` as MessageKey) })) })}
      ${selectField({ name: 'campaignId', label: t(locale, 'time.campaign'), errors, value: v('campaignId'), empty: '—', options: campaigns.data.map((c) => ({ value: c.id, label: c.name })) })}
      ${textareaField({ name: 'note', label: t(locale, 'time.note'), errors, value: v('note'), rows: 2 })}
      <p><button type="submit" class="button primary">${t(locale, 'time.add')}</button></p>
    </form></section>`;
}

function entriesTable(
  req: Request,
  locale: Locale,
  entries: TimeEntry[],
  names: Map<string, string>,
): SafeHtml {
  if (entries.length === 0) return html`<p class="muted">${t(locale, 'time.noEntries')}</p>`;
  const staff = isStaff(req.user!);
  return html`<div class="table-wrap"><table><thead><tr><th>${t(locale, 'time.date')}</th><th>${t(locale, 'time.enterprise')}</th>
    <th>${t(locale, 'time.activity')}</th><th>${t(locale, 'time.minutes')}</th><th>${t(locale, 'time.note')}</th>${staff ? html`<th></th>` : ''}</tr></thead>
    <tbody>${entries.map(
      (
        e,
      ) => html`<tr><td>${e.date}</td><td>${names.get(e.enterpriseId) ?? '—'}</td><td>${t(locale, `time.activity.${e.activity}` as MessageKey)}</td>
        <td>${formatNumber(locale, e.minutes)}</td><td>${e.note}</td>${
          staff
            ? html`<td><form method="post" action="/time/${e.id}/delete" class="inline-form">${csrfField(req)}<input type="hidden" name="month" value="${e.month}">
                <button type="submit" class="link-button">${t(locale, 'common.delete')}</button></form></td>`
            : ''
        }</tr>`,
    )}</tbody></table></div>`;
}

/** Minutes, hours, cost and share per member, with the month's total (also on the hub report). */
export function timeTotals(locale: Locale, time: MonthTime): SafeHtml {
  return html`<div class="table-wrap"><table><thead><tr><th>${t(locale, 'time.enterprise')}</th><th>${t(locale, 'time.minutes')}</th>
    <th>${t(locale, 'time.hours')}</th><th>${t(locale, 'time.cost')}</th><th>${t(locale, 'time.share')}</th></tr></thead>
    <tbody>${time.members.map(
      (
        m,
      ) => html`<tr><td>${m.enterpriseName}</td><td>${formatNumber(locale, m.minutes)}</td><td>${formatNumber(locale, Math.round((m.minutes / 60) * 100) / 100)}</td>
        <td>${money(locale, m.cost)}</td><td>${percent(locale, m.share)}</td></tr>`,
    )}<tr><th scope="row">${t(locale, 'time.total')}</th><td>${formatNumber(locale, time.totalMinutes)}</td>
      <td>${formatNumber(locale, Math.round((time.totalMinutes / 60) * 100) / 100)}</td><td>${money(locale, time.totalCost)}</td><td></td></tr></tbody></table></div>
    <p class="hint">${time.hourlyRate > 0 ? t(locale, 'time.rate', { rate: money(locale, time.hourlyRate) }) : t(locale, 'time.noRate')}</p>`;
}

async function timePage(req: Request, res: Response, errors?: FieldErrors) {
  const locale = localeOf(req);
  const month = monthOf(req);
  const [entries, time] = await Promise.all([
    listTimeEntries(req.user!, { month }),
    monthTime(req.user!, month),
  ]);
  const names = new Map(time.members.map((m) => [m.enterpriseId, m.enterpriseName]));
  const staff = isStaff(req.user!);
  const setRate =
    req.user!.role === 'admin'
      ? html`<a class="button" href="/settings">${t(locale, 'time.setRate')}</a>`
      : '';
  const body = html`${pageHead(t(locale, 'time.title'), setRate)}<p class="hint">${t(locale, 'time.intro')}</p>
    <form method="get" action="/time" class="filters">
      ${formField({ name: 'month', type: 'month' as 'text', label: t(locale, 'time.month'), value: month, pattern: '\\d{4}-\\d{2}' })}
      <button type="submit" class="button">${t(locale, 'time.show')}</button></form>
    ${staff ? await logForm(req, locale, errors) : ''}
    <section class="card"><h2>${t(locale, 'time.totals')}</h2>${timeTotals(locale, time)}</section>
    <section class="card"><h2>${t(locale, 'time.entries')}</h2>${entriesTable(req, locale, entries, names)}</section>`;
  sendPage(req, res, { title: t(locale, 'time.title'), active: 'time', body }, errors ? 400 : 200);
}

/** /time: the strategist's time log per member (staff log and delete; a member reads its own). */
export function timePages(): Router {
  const router = Router();
  router.get('/time', (req, res) => timePage(req, res));

  router.post('/time', async (req, res) => {
    if (!isStaff(req.user!)) throw new NotFoundError();
    const b = req.body ?? {};
    try {
      const entry = await createTimeEntry(req.user!, {
        enterpriseId: String(b.enterpriseId ?? ''),
        date: String(b.date ?? ''),
        minutes: String(b.minutes ?? '') as unknown as number,
        activity: String(b.activity ?? '') as TimeEntry['activity'],
        note: String(b.note ?? ''),
        ...(b.campaignId ? { campaignId: String(b.campaignId) } : {}),
      });
      flash(req, 'success', t(localeOf(req), 'time.added'));
      res.redirect(303, `/time?month=${entry.month}`);
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req));
      if (!errors) throw err;
      await timePage(req, res, errors);
    }
  });

  router.post('/time/:id/delete', async (req, res) => {
    if (!isStaff(req.user!) || !isObjectId(String(req.params.id))) throw new NotFoundError();
    await deleteTimeEntry(req.user!, req.params.id);
    flash(req, 'success', t(localeOf(req), 'time.deleted'));
    res.redirect(303, `/time?month=${monthOf(req)}`);
  });
  return router;
}
