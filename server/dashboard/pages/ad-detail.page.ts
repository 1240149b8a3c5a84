import { type Request, type Response, Router } from 'express';
import { config } from '../../config/index.js';
import { ConflictError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { type Ad, getAd } from '../../modules/ads/ad.service.js';
import { decide, getApproval, requestApproval } from '../../modules/approvals/approval.service.js';
import { requireRole } from '../../modules/auth/auth.middleware.js';
import { type Campaign, getCampaign } from '../../modules/campaigns/campaign.service.js';
import { listChannels } from '../../modules/channels/channel.service.js';
import { type Enterprise, getEnterprise } from '../../modules/enterprises/enterprise.service.js';
import { getTemplateSummary, type TemplateSummary } from '../../modules/rendering/rendering.service.js';
import { schedulePublications } from '../../modules/scheduling/scheduling.service.js';
import { queueAdRender } from '../../use-cases/render-ad.js';
import { type Locale, localeOf, t } from '../i18n/index.js';
import {
  csrfField,
  type FieldErrors,
  fieldErrors,
  flash,
  pageHead,
  sendPage,
  statusBadge,
} from '../layout.js';
import { approvalSection } from './ad-approval.section.js';
import { valuesFromAd } from './ad-editor.form.js';
import { idOf, previewFigure } from './ad-editor.page.js';
import {
  captionCounter,
  type ScheduleFormValues,
  scheduleField,
  scheduleForm,
  scheduleValuesFromBody,
} from './ad-schedule.js';

/**
 * The ad's images, one per format, each named by its template's format label ("Carré (Facebook et
 * LinkedIn)"), never by the format id; an id is shown only when the template no longer has it.
 */
function rendersSection(locale: Locale, ad: Ad, template: TemplateSummary | undefined): SafeHtml {
  if (ad.renders.length === 0) return html`<p class="muted">${t(locale, 'ads.noRenders')}</p>`;
  const labelOf = (format: string) => template?.formats.find((f) => f.id === format)?.label[locale] ?? format;
  const kb = locale === 'fr' ? 'Ko' : 'KB';
  return html`<div class="ad-renders">${ad.renders.map(
    (
      r,
    ) => html`<figure class="ad-render"><a href="${r.url}"><img src="${r.url}" alt="${t(locale, 'ads.preview')} ${labelOf(r.format)}" width="${r.width}" height="${r.height}" loading="lazy"></a>
      <figcaption>${labelOf(r.format)} · ${r.width}×${r.height} · ${Math.round(r.bytes / 1024)} ${kb}</figcaption></figure>`,
  )}</div>`;
}

const domainOf = (link: string | null) => {
  try {
    return link ? new URL(link).hostname : '';
  } catch {
    return '';
  }
};

/** A post as the platform would show it: page name, caption, image, link. Looks, not pixels. */
export function postCard(
  locale: Locale,
  platform: 'facebook' | 'linkedin',
  ad: Ad,
  campaign: Campaign | undefined,
  image: SafeHtml,
): SafeHtml {
  const caption = ad.caption[platform] ?? ad.caption.default;
  const hub = config().HUB_NAME;
  return html`<article class="post-card post-${platform}" aria-label="${platform === 'facebook' ? 'Facebook' : 'LinkedIn'}">
    <header><span class="post-avatar" aria-hidden="true">${hub.slice(0, 1)}</span>
      <div><strong>${hub}</strong><br><small class="muted">${t(locale, 'ads.justNow')} · ${platform === 'facebook' ? 'Facebook' : 'LinkedIn'}</small></div></header>
    <p class="post-caption">${caption}</p>
    <div class="post-image">${image}</div>
    ${ad.link ? html`<p class="post-link">${domainOf(ad.link)}</p>` : ''}
    ${captionCounter(locale, ad, campaign, platform)}
  </article>`;
}

async function cardImage(req: Request, ad: Ad, format: string): Promise<SafeHtml> {
  const stored = ad.renders.find((r) => r.format === format);
  if (stored) return html`<img src="${stored.url}" alt="" width="${stored.width}" height="${stored.height}">`;
  if (!ad.templateId) return html``;
  return previewFigure(req, { ...valuesFromAd(ad), format });
}

async function enterprisesOf(req: Request, ad: Ad): Promise<Enterprise[]> {
  const found = await Promise.all(
    ad.enterpriseIds.map((id) => getEnterprise(req.user!, id).catch(() => undefined)),
  );
  return found.filter((e): e is Enterprise => Boolean(e));
}

interface DetailState {
  schedule?: ScheduleFormValues;
  /** The schedule form's problems. */
  errors?: FieldErrors;
  /** The approval form's problems. */
  approvalErrors?: FieldErrors;
}

/** One ad: its renders per format, a "Render" button and a schedule form for staff, and per-platform post previews. */
async function renderDetail(req: Request, res: Response, state: DetailState = {}): Promise<void> {
  const locale = localeOf(req);
  const ad = await getAd(req.user!, idOf(req));
  const staff = isStaff(req.user!);
  const [campaign, enterprises, facebook, linkedin, channels, approval, template] = await Promise.all([
    getCampaign(req.user!, ad.campaignId).catch(() => undefined),
    enterprisesOf(req, ad),
    cardImage(req, ad, 'facebook'),
    cardImage(req, ad, 'linkedin'),
    staff ? listChannels() : [],
    getApproval(req.user!, ad.id),
    ad.templateId ? getTemplateSummary(ad.templateId).catch(() => undefined) : undefined,
  ]);
  const actions = staff
    ? html`<a class="button" href="/ads/${ad.id}/edit">${t(locale, 'common.edit')}</a>
      <form method="post" action="/ads/${ad.id}/render" class="inline-form">${csrfField(req)}
        <button type="submit" class="button primary"${ad.templateId ? '' : ' disabled'}>${t(locale, 'ads.render')}</button></form>`
    : '';
  const schedule = staff
    ? scheduleForm(req, locale, ad, channels, state.schedule ?? { channelIds: [], at: '' }, state.errors)
    : '';
  const body = html`<link rel="stylesheet" href="/static/ad-editor.css">
    ${pageHead(`${t(locale, 'ads.detail')} · ${enterprises.map((e) => e.name).join(', ')}`, actions)}
    <dl class="facts">
      <dt>${t(locale, 'ads.campaign')}</dt><dd>${campaign ? html`<a href="/campaigns/${campaign.id}">${campaign.name}</a>` : '—'}</dd>
      <dt>${t(locale, 'ads.template')}</dt><dd>${template?.label[locale] ?? ad.templateId ?? '—'}</dd>
      <dt>${t(locale, 'ads.status')}</dt><dd>${statusBadge(locale, ad.status)}</dd>
    </dl>
    ${approvalSection(req, locale, approval, state.approvalErrors)}
    <section><h2>${t(locale, 'ads.renders')}</h2>${rendersSection(locale, ad, template)}</section>
    <section><h2>${t(locale, 'ads.postPreviews')}</h2>
      <div class="post-previews">${postCard(locale, 'facebook', ad, campaign, facebook)}${postCard(locale, 'linkedin', ad, campaign, linkedin)}</div></section>
    ${schedule}`;
  const invalid = state.errors || state.approvalErrors;
  sendPage(req, res, { title: t(locale, 'ads.detail'), active: 'ads', body }, invalid ? 400 : 200);
}

export function adDetailPages(): Router {
  const router = Router();

  router.get('/:id', async (req, res) => {
    await renderDetail(req, res);
  });

  router.post('/:id/render', requireRole('admin', 'strategist'), async (req, res) => {
    const id = idOf(req);
    await queueAdRender(req.user!, id);
    flash(req, 'success', t(localeOf(req), 'ads.renderQueued'));
    res.redirect(303, `/ads/${id}`);
  });

  router.post('/:id/approval/request', requireRole('admin', 'strategist'), async (req, res) => {
    const id = idOf(req);
    await requestApproval(req.user!, id);
    flash(req, 'success', t(localeOf(req), 'approval.asked'));
    res.redirect(303, `/ads/${id}#approval`);
  });

  router.post('/:id/approval/decision', async (req, res) => {
    const id = idOf(req);
    const { decision, comment, revision } = req.body ?? {};
    try {
      await decide(req.user!, id, { decision, comment, revision });
    } catch (err) {
      const stale = err instanceof ConflictError;
      const approvalErrors = stale
        ? { comment: [t(localeOf(req), 'approval.stale')] }
        : fieldErrors(err, localeOf(req));
      if (!approvalErrors) throw err;
      return renderDetail(req, res, { approvalErrors });
    }
    flash(req, 'success', t(localeOf(req), 'approval.decided'));
    res.redirect(303, `/ads/${id}#approval`);
  });

  router.post('/:id/schedule', requireRole('admin', 'strategist'), async (req, res) => {
    const id = idOf(req);
    const values = scheduleValuesFromBody(req.body ?? {});
    const locale = localeOf(req);
    try {
      const { data, notes } = await schedulePublications(req.user!, {
        adId: id,
        channelIds: values.channelIds,
        at: values.at,
      });
      const text = [t(locale, 'schedule.done', { count: data.length }), ...(locale === 'en' ? notes : [])];
      flash(req, 'success', text.join(' '));
      res.redirect(303, `/ads/${id}`);
    } catch (err) {
      const errors = fieldErrors(err, locale, scheduleField);
      if (!errors) throw err;
      await renderDetail(req, res, { schedule: values, errors });
    }
  });
  return router;
}
