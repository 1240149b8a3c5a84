import { type Request, type Response, Router } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { html } from '../../lib/html.js';
import { getSettings, updateSettings } from '../../modules/settings/settings.service.js';
import { localeOf, t } from '../i18n/index.js';
import {
  csrfField,
  errorSummary,
  type FieldErrors,
  fieldErrors,
  flash,
  formField,
  pageHead,
  sendPage,
} from '../layout.js';

function requireAdmin(req: Request): void {
  if (req.user?.role !== 'admin') throw new NotFoundError();
}

async function settingsPage(req: Request, res: Response, errors?: FieldErrors) {
  const locale = localeOf(req);
  const settings = await getSettings();
  const rate = errors ? String(req.body?.strategistHourlyRate ?? '') : String(settings.strategistHourlyRate);
  const labels = { strategistHourlyRate: t(locale, 'settings.rate') };
  const body = html`${pageHead(t(locale, 'settings.title'))}
    <section class="card narrow">${errorSummary(locale, errors, labels)}
      <form method="post" action="/settings" class="stack">${csrfField(req)}
        ${formField({ name: 'strategistHourlyRate', type: 'text', label: labels.strategistHourlyRate, hint: t(locale, 'settings.rateHint'), required: true, errors, value: rate })}
        <p><button type="submit" class="button primary">${t(locale, 'common.save')}</button></p>
      </form></section>`;
  sendPage(req, res, { title: t(locale, 'settings.title'), active: 'settings', body }, errors ? 400 : 200);
}

/** /settings: the hub's settings (admins only; others get 404). */
export function settingsPages(): Router {
  const router = Router();
  router.get('/settings', async (req, res) => {
    requireAdmin(req);
    await settingsPage(req, res);
  });
  router.post('/settings', async (req, res) => {
    requireAdmin(req);
    try {
      await updateSettings(req.user!, {
        strategistHourlyRate:
          String(req.body?.strategistHourlyRate ?? '')
            .replace(',', '.')
            .trim() || undefined,
      } as never);
      flash(req, 'success', t(localeOf(req), 'settings.saved'));
      res.redirect(303, '/settings');
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req));
      if (!errors) throw err;
      await settingsPage(req, res, errors);
    }
  });
  return router;
}
