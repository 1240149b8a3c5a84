import { Router } from 'express';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { editAd } from '../../use-cases/edit-ad.js';
import { requireRole } from '../auth/auth.middleware.js';
import { createAd, deleteAd, getAd, listAds } from './ad.service.js';

/** /api/v1/ads: drafts. Staff do everything; a member reads the ads that feature its enterprise. */
export const adRouter = Router();
const id = (value: unknown) => parseInput(objectId, value, 'Ad id');

adRouter.get('/', async (req, res) => {
  res.json(await listAds(req.user!, req.query as Record<string, string>));
});

adRouter.post('/', requireRole('admin', 'strategist'), async (req, res) => {
  res.status(201).json(await createAd(req.user!, req.body));
});

adRouter.get('/:id', async (req, res) => {
  res.json(await getAd(req.user!, id(req.params.id)));
});

adRouter.patch('/:id', async (req, res) => {
  res.json(await editAd(req.user!, id(req.params.id), req.body));
});

adRouter.delete('/:id', async (req, res) => {
  await deleteAd(req.user!, id(req.params.id));
  res.status(204).end();
});
