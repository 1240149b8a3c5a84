import { Router } from 'express';
import { calendarFeed } from './calendar.service.js';

/**
 * /api/v1/calendar?from=YYYY-MM-DD&to=YYYY-MM-DD[&channelId&campaignId&enterpriseId]: the
 * publications of those hub-local days (inclusive, at most 62); a member gets only those
 * featuring its enterprise.
 */
export const calendarRouter = Router();

calendarRouter.get('/', async (req, res) => {
  res.json(await calendarFeed(req.user!, req.query as Record<string, string>));
});
