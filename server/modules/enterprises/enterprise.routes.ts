import express, { Router } from 'express';
import { config } from '../../config/index.js';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { deleteEnterprise } from '../../use-cases/delete-enterprise.js';
import { importEnterprises } from '../../use-cases/import-enterprises.js';
import {
  addEnterprisePhoto,
  removeEnterprisePhoto,
  setEnterpriseImage,
  updateEnterprise,
  updateEnterprisePhoto,
} from '../../use-cases/update-enterprise.js';
import { requireRole } from '../auth/auth.middleware.js';
import { maxUploadBytes } from '../media/media.service.js';
import { requireFile, singleUpload } from '../media/upload.js';
import { imageKindSchema, photoFocalFieldsSchema } from './enterprise.schemas.js';
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

/** The focal point sent beside a photo (multipart fields focalX, focalY, 0..1), if any. */
function focalOf(body: unknown): { x: number; y: number } | undefined {
  const { focalX, focalY } = parseInput(photoFocalFieldsSchema, body ?? {}, 'Photo');
  return focalX === undefined && focalY === undefined ? undefined : { x: focalX ?? 0.5, y: focalY ?? 0.5 };
}

/** The photo library: add (multipart `photo`, with focalX and focalY), move the focal point or make default, remove. */
enterpriseRouter.post('/:id/photos', singleUpload('photo', maxUploadBytes('photo')), async (req, res) => {
  const file = requireFile(req.file, 'photo');
  res.status(201).json(await addEnterprisePhoto(req.user!, id(req.params.id), file, focalOf(req.body)));
});
enterpriseRouter.patch('/:id/photos/:fileId', async (req, res) => {
  const fileId = parseInput(objectId, req.params.fileId, 'Photo id');
  res.json(await updateEnterprisePhoto(req.user!, id(req.params.id), fileId, req.body));
});
enterpriseRouter.delete('/:id/photos/:fileId', async (req, res) => {
  const fileId = parseInput(objectId, req.params.fileId, 'Photo id');
  res.json(await removeEnterprisePhoto(req.user!, id(req.params.id), fileId));
});

/** Multipart upload (PUT or POST) in the field named like the image: `logo` or `photo` (with focalX, focalY). */
const imageKind = (value: unknown) => parseInput(imageKindSchema, value, 'Image kind');
const upload: express.RequestHandler = (req, res, next) => {
  const kind = imageKind(req.params.kind);
  return singleUpload(kind, maxUploadBytes(kind))(req, res, next);
};
enterpriseRouter.route('/:id/:kind').put(upload, setImage).post(upload, setImage);

async function setImage(req: express.Request, res: express.Response): Promise<void> {
  const kind = imageKind(req.params.kind);
  const focal = kind === 'photo' ? focalOf(req.body) : undefined;
  res.json(await setEnterpriseImage(req.user!, id(req.params.id), kind, requireFile(req.file, kind), focal));
}
