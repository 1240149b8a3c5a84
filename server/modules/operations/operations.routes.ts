import { Router } from 'express';
import { requireAdmin, sameOriginOrCsrfToken } from './admin-guard.js';
import { queueBoard } from './queue-board.js';

/** Where Bull Board is served. */
export const queueBoardPath = '/admin/queues';

/**
 * Bull Board for admins. Mounted after the session is read and before the app-wide CSRF
 * check, which its browser calls could not pass: sameOriginOrCsrfToken stands in for it.
 */
export function queueBoardRouter(): Router {
  const router = Router();
  router.use(queueBoardPath, requireAdmin, sameOriginOrCsrfToken, queueBoard(queueBoardPath));
  return router;
}
