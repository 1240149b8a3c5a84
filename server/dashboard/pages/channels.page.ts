import { type Request, Router } from 'express';
import { AppError, NotFoundError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { platforms } from '../../modules/channels/adapters/platform.types.js';
import { liveAppConfigured } from '../../modules/channels/adapters/registry.js';
import {
  connectSandbox,
  deleteChannel,
  disableChannel,
  listChannels,
  type PublicChannel,
} from '../../modules/channels/channel.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import { idParam, requireStaff } from '../guards.js';
import { formatDate, type Locale, localeOf } from '../i18n/index.js';
import { csrfField, flash, pageHead, sendPage } from '../layout.js';

const words = {
  fr: {
    title: 'Canaux',
    platform: 'Plateforme',
    name: 'Nom',
    owner: 'Propriétaire',
    mode: 'Mode',
    status: 'État',
    expires: 'Jeton expire',
    actions: 'Actions',
    hub: 'Le pôle',
    sandbox: 'Bac à sable',
    live: 'Réel',
    never: 'jamais',
    connected: 'Connecté',
    needs_reconnection: 'À reconnecter',
    disabled: 'Désactivé',
    reconnect: 'Reconnecter',
    disable: 'Désactiver',
    remove: 'Retirer',
    alert: (n: number) => `${n} canal${n > 1 ? 'aux' : ''} à reconnecter : les publications y sont retenues.`,
    sandboxTitle: 'Connecter un canal bac à sable',
    sandboxHint: 'Aucun compte requis : le simulateur intégré reçoit les publications.',
    connect: 'Connecter',
    realTitle: 'Connecter un vrai compte',
    notConfigured: 'identifiants de l’application non configurés',
    empty: 'Aucun canal connecté.',
    connectedN: (n: number) => `${n} canal${n > 1 ? 'aux' : ''} connecté${n > 1 ? 's' : ''}.`,
    done: 'C’est fait.',
    soon: 'à reconnecter bientôt',
  },
  en: {
    title: 'Channels',
    platform: 'Platform',
    name: 'Name',
    owner: 'Owner',
    mode: 'Mode',
    status: 'Status',
    expires: 'Token expires',
    actions: 'Actions',
    hub: 'The hub',
    sandbox: 'Sandbox',
    live: 'Live',
    never: 'never',
    connected: 'Connected',
    needs_reconnection: 'Needs reconnection',
    disabled: 'Disabled',
    reconnect: 'Reconnect',
    disable: 'Disable',
    remove: 'Remove',
    alert: (n: number) =>
      `${n} channel${n > 1 ? 's' : ''} need${n > 1 ? '' : 's'} reconnecting: publications to ${n > 1 ? 'them' : 'it'} are held.`,
    sandboxTitle: 'Connect a sandbox channel',
    sandboxHint: 'No account needed: the built-in simulator receives the posts.',
    connect: 'Connect',
    realTitle: 'Connect a real account',
    notConfigured: 'app credentials not configured',
    empty: 'No channel connected.',
    connectedN: (n: number) => `${n} channel${n > 1 ? 's' : ''} connected.`,
    done: 'Done.',
    soon: 'reconnect soon',
  },
} as const;

const platformLabel = { facebook: 'Facebook', linkedin: 'LinkedIn' } as const;
const tone = { connected: 'ok', needs_reconnection: 'bad', disabled: '' } as const;

const day = 24 * 3600_000;

/** The connection will stop working soon and no refresh can extend it: someone must reconnect. */
function expiresSoon(c: PublicChannel): boolean {
  if (c.status !== 'connected') return false;
  const until = c.hasRefreshToken ? c.refreshTokenExpiresAt : c.accessTokenExpiresAt;
  return until !== null && new Date(until).getTime() - Date.now() < 30 * day;
}

function row(req: Request, locale: Locale, c: PublicChannel, owners: Map<string, string>): SafeHtml {
  const w = words[locale];
  const owner = c.owner.kind === 'hub' ? w.hub : (owners.get(c.owner.enterpriseId) ?? c.owner.enterpriseId);
  const admin = req.user!.role === 'admin';
  const reconnect = `/api/v1/channels/oauth/${c.platform}/start?channelId=${c.id}`;
  const actions = admin
    ? html`${c.status !== 'connected' ? html`<a class="button primary" href="${reconnect}">${w.reconnect}</a>` : ''}
      ${c.status !== 'disabled' ? html`<form method="post" action="/channels/${c.id}/disable" class="inline-form">${csrfField(req)}<button class="button" type="submit">${w.disable}</button></form>` : ''}
      <form method="post" action="/channels/${c.id}/delete" class="inline-form">${csrfField(req)}<button class="button danger" type="submit">${w.remove}</button></form>`
    : '';
  return html`<tr>
    <td>${platformLabel[c.platform]}</td>
    <td>${c.name}${c.statusReason && c.status !== 'connected' ? html`<br><small class="muted">${c.statusReason}</small>` : ''}</td>
    <td>${owner}</td>
    <td>${c.mode === 'sandbox' ? w.sandbox : w.live}</td>
    <td><span class="badge${tone[c.status] ? ` badge-${tone[c.status]}` : ''}">${w[c.status]}</span></td>
    <td>${c.accessTokenExpiresAt ? formatDate(locale, c.accessTokenExpiresAt) : w.never}${
      expiresSoon(c) ? html` <span class="badge badge-warn">${w.soon}</span>` : ''
    }</td>
    <td>${actions}</td>
  </tr>`;
}

function ownerSelect(locale: Locale, owners: Map<string, string>, name: string): SafeHtml {
  return html`<select name="${name}" id="f-${name}"><option value="">${words[locale].hub}</option>${[
    ...owners,
  ].map(([id, label]) => html`<option value="${id}">${label}</option>`)}</select>`;
}

function connectForms(req: Request, locale: Locale, owners: Map<string, string>): SafeHtml {
  const w = words[locale];
  const real = platforms.map((p) =>
    liveAppConfigured(p)
      ? html`<a class="button" href="/api/v1/channels/oauth/${p}/start">${platformLabel[p]}</a>`
      : html`<span class="button" aria-disabled="true">${platformLabel[p]} (${w.notConfigured})</span>`,
  );
  return html`<section class="card"><h2>${w.sandboxTitle}</h2><p class="hint">${w.sandboxHint}</p>
    <form method="post" action="/channels/sandbox" class="stack">${csrfField(req)}
      <label for="f-platform">${w.platform}</label>
      <select name="platform" id="f-platform">${platforms.map((p) => html`<option value="${p}">${platformLabel[p]}</option>`)}</select>
      <label for="f-name">${w.name}</label><input id="f-name" name="name" required maxlength="200">
      <label for="f-enterpriseId">${w.owner}</label>${ownerSelect(locale, owners, 'enterpriseId')}
      <button class="button primary" type="submit">${w.connect}</button>
    </form></section>
    <section class="card"><h2>${w.realTitle}</h2><p>${real}</p></section>`;
}

async function ownerNames(req: Request): Promise<Map<string, string>> {
  const page = await listEnterprises(req.user!, { limit: 100 });
  return new Map(page.data.map((e) => [e.id, e.name]));
}

/** /channels: staff see channels and their status; admins connect, reconnect, disable and remove. */
export function channelsPagesRouter(): Router {
  const router = Router();
  router.use('/channels', (req, _res, next) => {
    requireStaff(req);
    next();
  });
  const adminOnly = (req: Request) => {
    if (req.user?.role !== 'admin') throw new NotFoundError();
  };

  router.get('/channels', async (req, res) => {
    const locale = localeOf(req);
    const w = words[locale];
    const [channels, owners] = await Promise.all([listChannels(), ownerNames(req)]);
    const stale = channels.filter((c) => c.status === 'needs_reconnection').length;
    const connected = Number(req.query.connected);
    const body = html`${pageHead(w.title)}
      ${stale > 0 ? html`<div class="flash flash-error" role="alert">${w.alert(stale)}</div>` : ''}
      ${connected > 0 ? html`<div class="flash flash-success" role="status">${w.connectedN(connected)}</div>` : ''}
      ${
        channels.length === 0
          ? html`<p class="muted">${w.empty}</p>`
          : html`<div class="table-wrap"><table>
        <thead><tr><th>${w.platform}</th><th>${w.name}</th><th>${w.owner}</th><th>${w.mode}</th><th>${w.status}</th><th>${w.expires}</th><th>${w.actions}</th></tr></thead>
        <tbody>${channels.map((c) => row(req, locale, c, owners))}</tbody></table></div>`
      }
      ${req.user!.role === 'admin' ? connectForms(req, locale, owners) : ''}`;
    sendPage(req, res, { title: w.title, active: 'channels', body });
  });

  router.post('/channels/sandbox', async (req, res) => {
    adminOnly(req);
    const body = req.body as { platform?: string; name?: string; enterpriseId?: string };
    try {
      const channel = await connectSandbox({
        platform: body.platform as 'facebook',
        name: body.name ?? '',
        owner: body.enterpriseId ? { kind: 'enterprise', enterpriseId: body.enterpriseId } : { kind: 'hub' },
      });
      flash(req, 'success', `${words[localeOf(req)].connectedN(1)} ${channel.name}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      flash(req, 'error', err.message);
    }
    res.redirect(303, '/channels');
  });

  for (const [action, run] of [
    ['disable', disableChannel],
    ['delete', deleteChannel],
  ] as const) {
    router.post(`/channels/:id/${action}`, async (req, res) => {
      adminOnly(req);
      await run(idParam(req, 'Channel'));
      flash(req, 'success', words[localeOf(req)].done);
      res.redirect(303, '/channels');
    });
  }
  return router;
}
