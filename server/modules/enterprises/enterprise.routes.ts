import express, { Router } from 'express';
import { config } from '../../config/index.js';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { deleteEnterprise } from '../../use-cases/delete-enterprise.js';
import { importEnterprises } from '../../use-cases/import-enterprises.js';
import { setEnterpriseImage, updateEnterprise } from '../../use-cases/update-enterprise.js';
import { requireRole } from '../auth/auth.middleware.js';
import { requireFile, singleUpload } from '../media/upload.js';
import { imageKindSchema } from './enterprise.schemas.js';
import { createEnterprise, getEnterprise, listEnterprises } from './enterprise.service.js';

/**
 * /api/v1/enterprises. Staff see all; a member sees only its own enterprise (others answer 404)
 * and may change its description, website, impacts and logo.
 */
export const enterpriseRouter = Router();
const staff = requireRole('admin', 'strategist');
const id = (value: unknown) => parseInput(objectId, value, 'Enterprise id');

enterpriseRouter.get('/', async (req, res) => {
  res.json(await listEnterprises(req.user!, req.query as Record<string, string>));
});

enterpriseRouter.post('/', staff, async (req, res) => {
  res.status(201).json(await createEnterprise(req.user!, req.body));
});

/** CSV as multipart field `file`, or the raw body with Content-Type text/csv. */
enterpriseRouter.post(
  '/import',
  staff,
  singleUpload('file'),
  (req, res, next) =>
    express.raw({ type: ['text/csv', 'application/csv', 'text/plain'], limit: config().MAX_UPLOAD_BYTES })(
      req,
      res,
      next,
    ),
  async (req, res) => {
    const buffer: Buffer | undefined =
      req.file?.buffer ?? (Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined);
    res.json(await importEnterprises(req.user!, requireFile(buffer, 'file')));
  },
);

enterpriseRouter.get('/:id', async (req, res) => {
  res.json(await getEnterprise(req.user!, id(req.params.id)));
});

enterpriseRouter.patch('/:id', async (req, res) => {
  res.json(await updateEnterprise(req.user!, id(req.params.id), req.body));
});

enterpriseRouter.delete('/:id', async (req, res) => {
  await deleteEnterprise(req.user!, id(req.params.id));
  res.status(204).end();
});

/** Multipart upload (PUT or POST) in the field named like the image: `logo` or `photo`. */
const imageKind = (value: unknown) => parseInput(imageKindSchema, value, 'Image kind');
const upload: express.RequestHandler = (req, res, next) =>
  singleUpload(imageKind(req.params.kind))(req, res, next);
enterpriseRouter.route('/:id/:kind').put(upload, setImage).post(upload, setImage);

async function setImage(req: express.Request, res: express.Response): Promise<void> {
  const kind = imageKind(req.params.kind);
  res.json(await setEnterpriseImage(req.user!, id(req.params.id), kind, requireFile(req.file, kind)));
}
