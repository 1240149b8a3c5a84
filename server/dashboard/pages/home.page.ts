import { Router } from 'express';
import { html } from '../../lib/html.js';
import { listAds } from '../../modules/ads/ad.service.js';
import { listCampaigns } from '../../modules/campaigns/campaign.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import { formatNumber, localeOf, type MessageKey, t } from '../i18n/index.js';
import { sendPage } from '../layout.js';

/** Announced, not linked: their pages do not exist yet. */
const later: MessageKey[] = ['nav.calendar', 'nav.reports'];

/** Home: what the user can see, counted, with links to each list. */
export function homePages(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const locale = localeOf(req);
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
    const body = html`<h1>${t(locale, 'home.welcome', { name: user.name })}</h1>
      <div class="stats">${stats.map(
        (
          s,
        ) => html`<a class="card stat" href="${s.href}"><span class="stat-value">${formatNumber(locale, s.value)}</span>
          <span class="stat-label">${s.label}</span></a>`,
      )}</div>
      <h2>${t(locale, 'home.soon')}</h2>
      <ul class="soon">${later.map((label) => html`<li><span class="card stat">${t(locale, label)}</span></li>`)}</ul>`;
    sendPage(req, res, { title: t(locale, 'home.title'), active: 'home', body });
  });
  return router;
}
