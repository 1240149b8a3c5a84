import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import { restBase } from './li-context.js';
import { bodyError, liErrorHandler, liErrors } from './li-errors.js';
import { getImage, initializeUpload, upload } from './li-images.js';
import { linkedinOAuthRouter } from './li-oauth.js';
import { organization, organizationAcls, organizations } from './li-orgs.js';
import { createPost, deletePost, getPost } from './li-posts.js';
import { findPostsByAuthor } from './li-posts-finder.js';
import { shareStatistics } from './li-stats.js';
import { queryTunneling } from './li-tunnel.js';

/** A JSON body must be an object: an array or a bare value is refused as LinkedIn does. */
const objectBody: RequestHandler = (req, _res, next) => {
  if (
    req.body !== undefined &&
    (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
  )
    throw liErrors.notAnObject();
  next();
};

/** Body errors are answered before the version and token checks, as a gateway would. */
const bodyErrors: ErrorRequestHandler = (err, _req, _res, next) => next(bodyError(err) ?? err);

/** LinkedIn under /linkedin: OAuth (www), versioned REST (api) and the upload host. */
export function linkedinRouter(): Router {
  const router = Router();
  router.use('/oauth', express.urlencoded({ extended: false, limit: '100kb' }));
  router.use(linkedinOAuthRouter());
  router.put('/dms-uploads/:key', express.raw({ type: () => true, limit: '50mb' }), upload);

  const api = Router();
  api.use(...queryTunneling(), express.json({ limit: '1mb' }), bodyErrors, objectBody, restBase);
  api.get('/organizationAcls', organizationAcls);
  api.get('/organizations', organizations);
  api.get('/organizations/:id', organization);
  api.post('/images', initializeUpload);
  api.get('/images/:urn', getImage);
  api.get('/posts', findPostsByAuthor);
  api.post('/posts', createPost);
  api.get('/posts/:urn', getPost);
  api.delete('/posts/:urn', deletePost);
  api.get('/organizationalEntityShareStatistics', shareStatistics);
  api.use(() => {
    throw liErrors.notFound('No resource found for this path');
  });
  router.use('/rest', api);
  router.use(liErrorHandler);
  return router;
}
