import express, { type ErrorRequestHandler, Router } from 'express';
import multer from 'multer';
import { graphBase } from './graph-context.js';
import { graphErrorHandler, graphErrors } from './graph-errors.js';
import { debugToken, me, meAccounts, mePermissions } from './graph-me.js';
import { accessToken, dialogRouter } from './graph-oauth.js';
import { deleteNode, postFeed, postPhoto } from './graph-publish.js';
import { getInsights, getNode } from './graph-read.js';

const multipartErrors: ErrorRequestHandler = (err, _req, _res, next) => {
  if (err instanceof multer.MulterError) {
    next(err.code === 'LIMIT_FILE_SIZE' ? graphErrors.badPhoto() : graphErrors.invalidParam(err.message));
    return;
  }
  next(err);
};

/** The Graph API under /facebook: the login dialog, then /{version}/… */
export function facebookRouter(): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: 25 * 1024 * 1024, files: 10 },
  });
  router.use(express.urlencoded({ extended: true, limit: '1mb' }), express.json({ limit: '1mb' }));
  router.use(dialogRouter());

  const graph = Router({ mergeParams: true });
  graph.get('/oauth/access_token', accessToken);
  graph.get('/debug_token', debugToken);
  graph.get('/me', me);
  graph.get('/me/accounts', meAccounts);
  graph.get('/me/permissions', mePermissions);
  graph.get('/:node/insights', getInsights);
  graph.post('/:node/photos', postPhoto);
  graph.post('/:node/feed', postFeed);
  graph.get('/:node', getNode);
  graph.delete('/:node', deleteNode);
  graph.use((req) => {
    throw req.method === 'GET'
      ? graphErrors.unknownPath(req.path)
      : graphErrors.unsupported(req.path.split('/')[1] ?? '', req.method.toLowerCase());
  });

  router.use('/:version', upload.any(), multipartErrors, graphBase, graph);
  router.use(graphErrorHandler);
  return router;
}
