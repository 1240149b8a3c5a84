import { type Request, type Response, Router } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { platforms } from '../../modules/channels/adapters/platform.types.js';
import { liveAppConfigured } from '../../modules/channels/adapters/registry.js';
import {
  connectSandbox,
  disableChannel,
  getChannel,
  listChannels,
  type PublicChannel,
} from '../../modules/channels/channel.service.js';
import { listEnterprises } from '../../modules/enterprises/enterprise.service.js';
import { removeChannel } from '../../use-cases/remove-channel.js';
import { explanation } from '../components.js';
import { idParam, requireStaff } from '../guards.js';
import { formatDate, type Locale, localeOf } from '../i18n/index.js';
import { explainChannel } from '../i18n/publication-reasons.js';
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
} from '../layout.js';
import { words } from './channels.words.js';

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
      <a class="button danger" href="/channels/${c.id}/delete" aria-label="${w.removeAria(c.name)}">${w.remove}</a>`
    : '';
  return html`<tr>
    <td>${platformLabel[c.platform]}</td>
    <td>${c.name}${c.statusReason && c.status !== 'connected' ? explanation(explainChannel(locale, c.status, c.statusReason)) : ''}</td>
    <td>${owner}</td>
    <td>${c.mode === 'sandbox' ? w.sandbox : w.live}</td>
    <td><span class="badge${tone[c.status] ? ` badge-${tone[c.status]}` : ''}">${w[c.status]}</span></td>
    <td>${c.accessTokenExpiresAt ? formatDate(locale, c.accessTokenExpiresAt) : w.never}${
      expiresSoon(c) ? html` <span class="badge badge-warn">${w.soon}</span>` : ''
    }</td>
    <td>${actions}</td>
  </tr>`;
}

interface SandboxForm {
  values: { platform?: string; name?: string; enterpriseId?: string };
  errors?: FieldErrors;
}

/** The sandbox connect form, like the other forms: labelled fields, errors beside them, checked by the server. */
function connectForms(
  req: Request,
  locale: Locale,
  owners: Map<string, string>,
  form: SandboxForm,
): SafeHtml {
  const w = words[locale];
  // A platform without app credentials is said in words, not drawn as a greyed button one cannot press.
  const configured = platforms.filter((p) => liveAppConfigured(p));
  const missing = platforms.filter((p) => !liveAppConfigured(p));
  const real = html`${configured.length ? html`<p class="card-actions">${configured.map((p) => html`<a class="button" href="/api/v1/channels/oauth/${p}/start">${platformLabel[p]}</a>`)}</p>` : ''}
    ${missing.length ? html`<ul class="muted not-configured">${missing.map((p) => html`<li>${platformLabel[p]}${locale === 'fr' ? ' : ' : ': '}${w.notConfigured}</li>`)}</ul>` : ''}`;
  const { values, errors } = form;
  const labels = { platform: w.platform, name: w.name, enterpriseId: w.owner };
  return html`<section class="card" id="sandbox"><h2>${w.sandboxTitle}</h2><p class="hint">${w.sandboxHint}</p>
    ${errorSummary(locale, errors, labels)}
    <form method="post" action="/channels/sandbox#sandbox" class="form" novalidate>${csrfField(req)}
      ${selectField({ name: 'platform', label: w.platform, value: values.platform ?? 'facebook', options: platforms.map((p) => ({ value: p, label: platformLabel[p] })), errors, required: true })}
      ${formField({ name: 'name', label: w.name, value: values.name, errors, required: true })}
      ${selectField({ name: 'enterpriseId', label: w.owner, value: values.enterpriseId ?? '', empty: w.hub, options: [...owners].map(([value, label]) => ({ value, label })), errors })}
      <div class="form-actions"><button class="button primary" type="submit">${w.connect}</button></div>
    </form></section>
    <section class="card"><h2>${w.realTitle}</h2>${real}</section>`;
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

  const sendList = async (req: Request, res: Response, form: SandboxForm = { values: {} }) => {
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
      ${req.user!.role === 'admin' ? connectForms(req, locale, owners, form) : ''}`;
    sendPage(req, res, { title: w.title, active: 'channels', body }, form.errors ? 400 : 200);
  };
  router.get('/channels', (req, res) => sendList(req, res));

  router.post('/channels/sandbox', async (req, res) => {
    adminOnly(req);
    const body = req.body as { platform?: string; name?: string; enterpriseId?: string };
    const values = { platform: body.platform, name: body.name, enterpriseId: body.enterpriseId };
    try {
      const channel = await connectSandbox({
        platform: body.platform as 'facebook',
        name: body.name ?? '',
        owner: body.enterpriseId ? { kind: 'enterprise', enterpriseId: body.enterpriseId } : { kind: 'hub' },
      });
      flash(req, 'success', `${words[localeOf(req)].connectedN(1)} ${channel.name}`);
      res.redirect(303, '/channels');
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req), (path) =>
        path.startsWith('owner') ? 'enterpriseId' : (path.split('.')[0] ?? '(body)'),
      );
      if (!errors) throw err;
      await sendList(req, res, { values, errors });
    }
  });

  // Removing asks first, on a page of its own, so it works without JavaScript.
  router.get('/channels/:id/delete', async (req, res) => {
    adminOnly(req);
    const locale = localeOf(req);
    const w = words[locale];
    const channel = await getChannel(idParam(req, 'Channel'));
    const title = w.removeTitle(channel.name);
    const body = html`${pageHead(title)}<section class="card"><p>${w.removeText}</p>
      <form method="post" action="/channels/${channel.id}/delete" class="form-actions">${csrfField(req)}
        <input type="hidden" name="confirm" value="yes">
        <button class="button danger" type="submit">${w.removeConfirm}</button>
        <a class="button" href="/channels">${w.keep}</a>
      </form></section>`;
    sendPage(req, res, { title, active: 'channels', body });
  });

  router.post('/channels/:id/disable', async (req, res) => {
    adminOnly(req);
    await disableChannel(idParam(req, 'Channel'));
    flash(req, 'success', words[localeOf(req)].done);
    res.redirect(303, '/channels');
  });

  router.post('/channels/:id/delete', async (req, res) => {
    adminOnly(req);
    const id = idParam(req, 'Channel');
    if ((req.body as { confirm?: string } | undefined)?.confirm !== 'yes')
      return res.redirect(303, `/channels/${id}/delete`);
    await removeChannel(id);
    flash(req, 'success', words[localeOf(req)].done);
    res.redirect(303, '/channels');
  });
  return router;
}
