import { Router } from 'express';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { requireRole } from '../auth/auth.middleware.js';
import { getPublication, listPublications } from './publication.service.js';
import {
  cancelPublication,
  markPublicationPosted,
  reschedulePublication,
  retryPublication,
} from './publication-actions.service.js';
import { schedulePublications } from './scheduling.service.js';

/**
 * /api/v1/publications: staff schedule, reschedule, cancel, retry and mark as posted; a member
 * reads the publications of the ads that feature its enterprise (404 for the rest).
 */
export const publicationRouter = Router();
const staff = requireRole('admin', 'strategist');
const id = (value: unknown) => parseInput(objectId, value, 'Publication id');

publicationRouter.get('/', async (req, res) => {
  res.json(await listPublications(req.user!, req.query as Record<string, string>));
});

publicationRouter.post('/', staff, async (req, res) => {
  res.status(201).json(await schedulePublications(req.user!, req.body));
});

publicationRouter.get('/:id', async (req, res) => {
  res.json(await getPublication(req.user!, id(req.params.id)));
});

publicationRouter.patch('/:id', staff, async (req, res) => {
  res.json(await reschedulePublication(req.user!, id(req.params.id), req.body));
});

publicationRouter.post('/:id/cancel', staff, async (req, res) => {
  res.json(await cancelPublication(req.user!, id(req.params.id)));
});

publicationRouter.post('/:id/retry', staff, async (req, res) => {
  res.json(await retryPublication(req.user!, id(req.params.id)));
});

publicationRouter.post('/:id/mark-posted', staff, async (req, res) => {
  res.json(await markPublicationPosted(req.user!, id(req.params.id), req.body ?? {}));
});
