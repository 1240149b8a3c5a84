import { Router } from 'express';
import { parseInput } from '../../lib/validate.js';
import { notificationId } from './notification.schemas.js';
import {
  getPreferences,
  listNotifications,
  markAllRead,
  markRead,
  setPreferences,
} from './notification.service.js';
import { listOutbox } from './notification-mail.js';

/** /api/v1/notifications: each user reads and marks only its own. The outbox is for admins. */
export const notificationRouter = Router();

notificationRouter.get('/', async (req, res) => {
  res.json(await listNotifications(req.user!, Number(req.query.limit ?? 50) || 50));
});

notificationRouter.post('/read-all', async (req, res) => {
  res.json({ marked: await markAllRead(req.user!) });
});

notificationRouter.get('/preferences', async (req, res) => {
  res.json({ email: await getPreferences(req.user!) });
});

notificationRouter.put('/preferences', async (req, res) => {
  res.json({ email: await setPreferences(req.user!, req.body) });
});

notificationRouter.get('/outbox', async (req, res) => {
  res.json({ data: await listOutbox(req.user!) });
});

notificationRouter.post('/:id/read', async (req, res) => {
  await markRead(req.user!, parseInput(notificationId, req.params.id, 'Notification id'));
  res.status(204).end();
});
