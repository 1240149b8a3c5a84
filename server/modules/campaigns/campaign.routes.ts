import { Router } from 'express';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { deleteCampaign } from '../../use-cases/delete-campaign.js';
import { requireRole } from '../auth/auth.middleware.js';
import { createCampaign, getCampaign, listCampaigns, updateCampaign } from './campaign.service.js';

/** /api/v1/campaigns. Staff do everything; a member reads the campaigns that feature its enterprise. */
export const campaignRouter = Router();
const id = (value: unknown) => parseInput(objectId, value, 'Campaign id');

campaignRouter.get('/', async (req, res) => {
  res.json(await listCampaigns(req.user!, req.query as Record<string, string>));
});

campaignRouter.post('/', requireRole('admin', 'strategist'), async (req, res) => {
  res.status(201).json(await createCampaign(req.user!, req.body));
});

campaignRouter.get('/:id', async (req, res) => {
  res.json(await getCampaign(req.user!, id(req.params.id)));
});

campaignRouter.patch('/:id', async (req, res) => {
  res.json(await updateCampaign(req.user!, id(req.params.id), req.body));
});

campaignRouter.delete('/:id', async (req, res) => {
  await deleteCampaign(req.user!, id(req.params.id));
  res.status(204).end();
});
