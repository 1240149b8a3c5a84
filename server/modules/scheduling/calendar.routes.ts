import { Router } from 'express';
import { calendarFeed, feedJson } from './calendar.service.js';

/**
 * /api/v1/calendar?from=YYYY-MM-DD&to=YYYY-MM-DD[&channelId&campaignId&enterpriseId]: the
 * publications of those hub-local days (inclusive, at most 62); a member gets only those
 * featuring its enterprise. Answers { from, to, timeZone, canMove, movableStatuses, names,
 * events: CalendarEntry[] } (calendar.service.ts).
 */
export const calendarRouter = Router();

calendarRouter.get('/', async (req, res) => {
  // Built as text: the events are passed on as the read model holds them.
  res.type('json').send(feedJson(await calendarFeed(req.user!, req.query as Record<string, string>)));
});
