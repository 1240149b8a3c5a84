import { type Request, Router } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import { isStaff } from '../../modules/access/access.policy.js';
import { listAds } from '../../modules/ads/ad.service.js';
import { listCampaigns } from '../../modules/campaigns/campaign.service.js';
import { listChannels, type PublicChannel } from '../../modules/channels/channel.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import { listPublications } from '../../modules/scheduling/publication.service.js';
import { formatNumber, type Locale, localeOf, t } from '../i18n/index.js';
import { sendPage } from '../layout.js';
import {
  actionCount,
  adsAwaitingApproval,
  awaitsApproval,
  channelHealth,
  needingAction,
  publicationList,
  thisWeek,
} from './home-sections.js';

async function counts(req: Request, locale: Locale): Promise<SafeHtml> {
  const user = req.user!;
  const [enterprises, campaigns, ads] = await Promise.all([
    listEnterprises(user, { limit: 1 }),
    listCampaigns(user, { limit: 1 }),
    listAds(user, { limit: 1 }),
  ]);
  const stats = [
    { href: '/enterprises', label: t(locale, 'home.enterprises'), value: enterprises.total },
    { href: '/campaigns', label: t(locale, 'home.campaigns'), value: campaigns.total },
    { href: '/ads', label: t(locale, 'home.ads'), value: ads.total },
  ];
  return html`<div class="stats">${stats.map(
    (
      s,
    ) => html`<a class="card stat" href="${s.href}"><span class="stat-value">${formatNumber(locale, s.value)}</span>
      <span class="stat-label">${s.label}</span></a>`,
  )}</div>`;
}

/**
 * The user's working day. Staff: this week's publications, what needs action (failed, held,
 * unconfirmed, missed, waiting for approval) and channel health. A member: its ads waiting
 * for approval, this week's publications and its latest published posts.
 */
async function workingDay(req: Request, locale: Locale): Promise<SafeHtml> {
  const user = req.user!;
  const staff = isStaff(user);
  const week = thisWeek();
  const [weekly, stuck, published, ads, channels, campaigns] = await Promise.all([
    listPublications(user, { ...week, limit: 100, sort: 'scheduledAt' }),
    staff ? listPublications(user, { status: needingAction.join(','), limit: 1 }) : undefined,
    staff ? undefined : listPublications(user, { status: 'published', sort: '-scheduledAt', limit: 5 }),
    listAds(user, { limit: 100, sort: '-updatedAt' }),
    staff ? listChannels() : ([] as PublicChannel[]),
    listCampaigns(user, { limit: 100 }),
  ]);
  const requiredBy = new Set(campaigns.data.filter((c) => c.requiresApproval).map((c) => c.id));
  const captions = new Map(ads.data.map((a) => [a.id, a.caption.default]));
  const byId = new Map(channels.map((c) => [c.id, c]));
  const waiting = ads.data.filter((ad) => awaitsApproval(ad, requiredBy));
  const weekSection = html`<section aria-labelledby="home-week"><h2 id="home-week">${t(locale, 'home.week')}</h2>
    ${publicationList(locale, weekly.data, byId, captions)}</section>`;
  if (!staff) {
    return html`<section aria-labelledby="home-approval"><h2 id="home-approval">${t(locale, 'home.yourApprovals')}</h2>
      ${adsAwaitingApproval(locale, waiting)}</section>${weekSection}
      <section aria-labelledby="home-latest"><h2 id="home-latest">${t(locale, 'home.latest')}</h2>
      ${publicationList(locale, published?.data ?? [], byId, captions)}</section>`;
  }
  const reconnect = channels.filter((c) => c.status === 'needs_reconnection').length;
  return html`<section aria-labelledby="home-action"><h2 id="home-action">${t(locale, 'home.action')}</h2>
      <div class="stats">${actionCount(locale, t(locale, 'home.stuck'), stuck?.total ?? 0, '/publications')}
        ${actionCount(locale, t(locale, 'home.awaitingApproval'), waiting.length, '/ads')}
        ${actionCount(locale, t(locale, 'home.toReconnect'), reconnect, '/channels')}</div>
      ${waiting.length ? adsAwaitingApproval(locale, waiting) : ''}</section>
    ${weekSection}
    <section aria-labelledby="home-channels"><h2 id="home-channels">${t(locale, 'home.channels')}</h2>
      ${channelHealth(locale, channels)}</section>`;
}

/** Home: the user's working day, then what the user can see, counted, with links to each list. */
export function homePages(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const locale = localeOf(req);
    const body = html`<h1>${t(locale, 'home.welcome', { name: req.user!.name })}</h1>
      ${await workingDay(req, locale)}
      ${await counts(req, locale)}`;
    sendPage(req, res, { title: t(locale, 'home.title'), active: 'home', body });
  });
  return router;
}
