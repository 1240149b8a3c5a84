import { Router } from 'express';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { decide, getApproval, requestApproval } from './approval.service.js';

/**
 * /api/v1/ads/:id/approval: staff read every enterprise's state and ask for approval; a
 * featured member reads its own part and decides. Another member's ad answers 404.
 */
export const approvalRouter = Router();
const id = (value: unknown) => parseInput(objectId, value, 'Ad id');

approvalRouter.get('/:id/approval', async (req, res) => {
  res.json(await getApproval(req.user!, id(req.params.id)));
});

approvalRouter.post('/:id/approval/request', async (req, res) => {
  res.json(await requestApproval(req.user!, id(req.params.id)));
});

approvalRouter.post('/:id/approval/decision', async (req, res) => {
  res.json(await decide(req.user!, id(req.params.id), req.body));
});
