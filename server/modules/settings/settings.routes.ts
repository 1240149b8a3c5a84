import { Router } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { isStaff } from '../access/access.policy.js';
import { getSettings, updateSettings } from './settings.service.js';

/** /api/v1/settings: staff read the hub's settings; admins change them. */
export const settingsRouter = Router();

settingsRouter.get('/', async (req, res) => {
  if (!isStaff(req.user!)) throw new NotFoundError();
  res.json(await getSettings());
});

settingsRouter.put('/', async (req, res) => {
  res.json(await updateSettings(req.user!, req.body));
});
