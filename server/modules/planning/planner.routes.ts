import { Router } from 'express';
import { requireRole } from '../auth/auth.middleware.js';
import { applyPlan, previewPlan } from './planner.service.js';

/**
 * /api/v1/plans: staff preview a campaign's plan (nothing written), then apply it all or
 * nothing. Members get 404, as for every staff route.
 */
export const plannerRouter = Router();
const staff = requireRole('admin', 'strategist');

plannerRouter.post('/preview', staff, async (req, res) => {
  res.json(await previewPlan(req.user!, req.body ?? {}));
});

plannerRouter.post('/', staff, async (req, res) => {
  res.status(201).json(await applyPlan(req.user!, req.body ?? {}));
});
