import { Router } from 'express';
import { config } from './config/index.js';
import { adRouter } from './modules/ads/ad.routes.js';
import { approvalRouter } from './modules/approvals/approval.routes.js';
import { requireAuth } from './modules/auth/auth.middleware.js';
import { authRouter } from './modules/auth/auth.routes.js';
import { LoginThrottle } from './modules/auth/login-throttle.js';
import { campaignRouter } from './modules/campaigns/campaign.routes.js';
import { channelRouter } from './modules/channels/channel.routes.js';
import { enterpriseRouter } from './modules/enterprises/enterprise.routes.js';
import { mediaRouter } from './modules/media/media.routes.js';
import { timeEntryRouter } from './modules/mutualisation/time-entry.routes.js';
import { notificationRouter } from './modules/notifications/notification.routes.js';
import { plannerRouter } from './modules/planning/planner.routes.js';
import { renderingRouter } from './modules/rendering/rendering.routes.js';
import { reportRouter } from './modules/reports/report.routes.js';
import { calendarRouter } from './modules/scheduling/calendar.routes.js';
import { publicationRouter } from './modules/scheduling/publication.routes.js';
import { settingsRouter } from './modules/settings/settings.routes.js';
import { exposureRouter } from './modules/statistics/exposure.routes.js';
import { userRouter } from './modules/users/user.routes.js';

/** Every JSON API route under /api/v1. Each module owns its router; this file only mounts them. */
export function apiRouter(): Router {
  const router = Router();
  router.use('/auth', authRouter(new LoginThrottle(`${config().REDIS_PREFIX}:`)));
  router.use(requireAuth);
  router.use('/users', userRouter);
  router.use('/enterprises', enterpriseRouter);
  router.use('/campaigns', campaignRouter);
  router.use('/channels', channelRouter);
  router.use('/ads', adRouter);
  router.use('/ads', approvalRouter);
  router.use('/notifications', notificationRouter);
  router.use('/media', mediaRouter);
  router.use('/publications', publicationRouter);
  router.use('/calendar', calendarRouter);
  router.use('/plans', plannerRouter);
  router.use('/time-entries', timeEntryRouter);
  router.use('/reports', reportRouter);
  router.use('/settings', settingsRouter);
  router.use(renderingRouter);
  router.use(exposureRouter);
  return router;
}
