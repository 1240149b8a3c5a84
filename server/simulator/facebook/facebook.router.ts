import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import multer from 'multer';
import { postBatch } from './graph-batch.js';
import { graphBase } from './graph-context.js';
import { GraphError, graphErrorHandler, graphErrors } from './graph-errors.js';
import { debugToken, me, meAccounts, mePermissions } from './graph-me.js';
import { accessToken, dialogRouter } from './graph-oauth.js';
import { deleteNode, postFeed, postPhoto } from './graph-publish.js';
import { getPublishedPosts } from './graph-published.js';
import { getInsights, getNode } from './graph-read.js';

/**
 * Bodies Graph cannot read answer as Graph does: 400 (#100), or 413 when too large, never a
 * 500 and never `is_transient` (resending the same body fails the same way).
 */
export function bodyError(err: unknown): GraphError {
  if (err instanceof GraphError) return err;
  if (err instanceof multer.MulterError) {
    return err.code === 'LIMIT_FILE_SIZE' ? graphErrors.badPhoto() : graphErrors.invalidParam(err.message);
  }
  const { type, status } = err as { type?: string; status?: number };
  if (type === 'entity.too.large' || status === 413) {
    return new GraphError(413, 100, '(#100) The request body is too large');
  }
  return graphErrors.invalidParam('(#100) The request body could not be parsed');
}

const bodyErrors: ErrorRequestHandler = (err, _req, _res, next) => next(bodyError(err));

/** A body that parsed but is not an object (a JSON array) has no parameters to read. */
const objectBody: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined && (typeof req.body !== 'object' || Array.isArray(req.body))) {
    throw graphErrors.invalidParam('(#100) The request body must be an object of parameters');
  }
  next();
};

/** The Graph API under /facebook: the login dialog, then /{version}/… */
export function facebookRouter(): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: 25 * 1024 * 1024, files: 10 },
  });
  router.use(
    express.urlencoded({ extended: true, limit: '1mb' }),
    express.json({ limit: '1mb' }),
    bodyErrors,
    objectBody,
  );
  router.use(dialogRouter());

  const graph = Router({ mergeParams: true });
  graph.get('/oauth/access_token', accessToken);
  graph.get('/debug_token', debugToken);
  graph.post('/', postBatch);
  graph.get('/me', me);
  graph.get('/me/accounts', meAccounts);
  graph.get('/me/permissions', mePermissions);
  graph.get('/:node/insights', getInsights);
  graph.get('/:node/published_posts', getPublishedPosts);
  graph.post('/:node/photos', postPhoto);
  graph.post('/:node/feed', postFeed);
  graph.get('/:node', getNode);
  graph.delete('/:node', deleteNode);
  graph.use((req) => {
    throw req.method === 'GET'
      ? graphErrors.unknownPath(req.path)
      : graphErrors.unsupported(req.path.split('/')[1] ?? '', req.method.toLowerCase());
  });

  router.use('/:version', upload.any(), bodyErrors, objectBody, graphBase, graph);
  router.use(graphErrorHandler);
  return router;
}
