import { type Request, type Response, Router } from 'express';
import { config } from '../../config/index.js';
import { html } from '../../lib/html.js';
import { isStaff } from '../../modules/access/access.policy.js';
import type { EnterpriseCreateInput } from '../../modules/enterprises/enterprise.schemas.js';
import {
  createEnterprise,
  type Enterprise,
  getEnterprise,
  listEnterprises,
} from '../../modules/enterprises/enterprise.service.js';
import { deleteEnterprise } from '../../use-cases/delete-enterprise.js';
import { setEnterpriseImage, updateEnterprise } from '../../use-cases/update-enterprise.js';
import { idParam, requireStaff } from '../guards.js';
import { localeOf, t } from '../i18n/index.js';
import { type FieldErrors, fieldErrors, flash, pageHead, sendPage } from '../layout.js';
import { optionalUpload } from '../upload.js';
import {
  type EnterpriseFormValues,
  enterpriseForm,
  inputFromValues,
  valuesFromBody,
  valuesFromEnterprise,
} from './enterprise-form.js';
import { importPages } from './enterprise-import.js';
import { savePhotos } from './enterprise-photos.form.js';
import { enterpriseDetail, enterpriseList, filtersFrom } from './enterprise-views.js';

function renderForm(
  req: Request,
  res: Response,
  state: { values: EnterpriseFormValues; errors?: FieldErrors; enterprise?: Enterprise },
): void {
  const locale = localeOf(req);
  const e = state.enterprise;
  const title = e ? t(locale, 'enterprises.edit', { name: e.name }) : t(locale, 'enterprises.new');
  const body = enterpriseForm(req, locale, {
    action: e ? `/enterprises/${e.id}` : '/enterprises',
    maxImageMegabytes: megabytes(config().MAX_IMAGE_UPLOAD_BYTES),
    values: state.values,
    errors: state.errors,
    staff: isStaff(req.user!),
    enterprise: e,
    cancel: e ? `/enterprises/${e.id}` : '/enterprises',
  });
  sendPage(
    req,
    res,
    { title, active: 'enterprises', body: html`${pageHead(title)}${body}` },
    state.errors ? 400 : 200,
  );
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The form's files: a logo and a photo, each optional, up to MAX_IMAGE_UPLOAD_BYTES. */
const imageUploads = () => optionalUpload(['logo', 'photo'], config().MAX_IMAGE_UPLOAD_BYTES);

function uploaded(req: Request, field: 'logo' | 'photo'): Express.Multer.File | undefined {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  return files?.[field]?.[0];
}

/** A refused upload or image becomes an error beside its field (the logo or the photo). */
function uploadProblem(req: Request, res: Response): FieldErrors | undefined {
  const refused = res.locals.uploadError;
  if (!refused) return undefined;
  const locale = localeOf(req);
  const size = megabytes(config().MAX_IMAGE_UPLOAD_BYTES);
  const message =
    refused.code === 'LIMIT_FILE_SIZE' ? t(locale, 'error.fileTooLarge', { size }) : t(locale, 'error.400');
  return { [refused.field === 'photo' ? 'photo' : 'logo']: [message] };
}

async function saveLogo(req: Request, id: string): Promise<FieldErrors | undefined> {
  const file = uploaded(req, 'logo');
  if (!file || file.size === 0) return undefined;
  try {
    await setEnterpriseImage(req.user!, id, 'logo', {
      buffer: file.buffer,
      originalname: file.originalname,
    });
    return undefined;
  } catch (err) {
    const errors = fieldErrors(err, localeOf(req));
    if (!errors) throw err;
    return { logo: Object.values(errors).flat() };
  }
}

export function enterprisesPages(): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const locale = localeOf(req);
    const filters = filtersFrom(req.query as Record<string, unknown>);
    // Logos come as inline thumbnails, so 50 rows cost one request: the whole hub fits in one page.
    const page = await listEnterprises(req.user!, { ...filters, limit: 50 });
    sendPage(req, res, {
      title: t(locale, 'enterprises.title'),
      active: 'enterprises',
      body: enterpriseList(req, locale, filters, page),
    });
  });

  router.use('/import', importPages());

  router.get('/new', (req, res) => {
    requireStaff(req);
    renderForm(req, res, { values: valuesFromEnterprise() });
  });

  router.post('/', imageUploads(), async (req, res) => {
    requireStaff(req);
    const values = valuesFromBody(req.body ?? {});
    const refused = uploadProblem(req, res);
    if (refused) return renderForm(req, res, { values, errors: refused });
    let created: Enterprise;
    try {
      created = await createEnterprise(req.user!, inputFromValues(values, true) as EnterpriseCreateInput);
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req));
      if (!errors) throw err;
      return renderForm(req, res, { values, errors });
    }
    const logoErrors =
      (await saveLogo(req, created.id)) ?? (await savePhotos(req, created, uploaded(req, 'photo')));
    if (logoErrors)
      return renderForm(req, res, {
        values,
        errors: logoErrors,
        enterprise: await getEnterprise(req.user!, created.id),
      });
    flash(req, 'success', t(localeOf(req), 'common.created'));
    res.redirect(303, `/enterprises/${created.id}`);
  });

  router.get('/:id', async (req, res) => {
    const enterprise = await getEnterprise(req.user!, idParam(req, 'Enterprise'));
    const locale = localeOf(req);
    sendPage(req, res, {
      title: enterprise.name,
      active: 'enterprises',
      body: enterpriseDetail(req, locale, enterprise),
    });
  });

  router.get('/:id/edit', async (req, res) => {
    const enterprise = await getEnterprise(req.user!, idParam(req, 'Enterprise'));
    renderForm(req, res, { values: valuesFromEnterprise(enterprise), enterprise });
  });

  router.post('/:id', imageUploads(), async (req, res) => {
    const enterprise = await getEnterprise(req.user!, idParam(req, 'Enterprise'));
    const values = valuesFromBody(req.body ?? {});
    const refused = uploadProblem(req, res);
    if (refused)
      return renderForm(req, res, { values: valuesFromEnterprise(enterprise), errors: refused, enterprise });
    try {
      await updateEnterprise(req.user!, enterprise.id, inputFromValues(values, isStaff(req.user!)));
    } catch (err) {
      const errors = fieldErrors(err, localeOf(req));
      if (!errors) throw err;
      return renderForm(req, res, { values, errors, enterprise });
    }
    const logoErrors =
      (await saveLogo(req, enterprise.id)) ??
      (isStaff(req.user!) ? await savePhotos(req, enterprise, uploaded(req, 'photo')) : undefined);
    if (logoErrors)
      return renderForm(req, res, {
        values,
        errors: logoErrors,
        enterprise: await getEnterprise(req.user!, enterprise.id),
      });
    flash(req, 'success', t(localeOf(req), 'common.saved'));
    res.redirect(303, `/enterprises/${enterprise.id}`);
  });

  router.post('/:id/delete', async (req, res) => {
    await deleteEnterprise(req.user!, idParam(req, 'Enterprise'));
    flash(req, 'success', t(localeOf(req), 'common.deleted'));
    res.redirect(303, '/enterprises');
  });

  return router;
}
