import express, { Router } from 'express';
import { restBase } from './li-context.js';
import { liErrorHandler, liErrors } from './li-errors.js';
import { getImage, initializeUpload, upload } from './li-images.js';
import { linkedinOAuthRouter } from './li-oauth.js';
import { organization, organizationAcls, organizations } from './li-orgs.js';
import { createPost, deletePost, getPost } from './li-posts.js';
import { shareStatistics } from './li-stats.js';

/** LinkedIn under /linkedin: OAuth (www), versioned REST (api) and the upload host. */
export function linkedinRouter(): Router {
  const router = Router();
  router.use('/oauth', express.urlencoded({ extended: false, limit: '100kb' }));
  router.use(linkedinOAuthRouter());
  router.put('/dms-uploads/:key', express.raw({ type: () => true, limit: '50mb' }), upload);

  const api = Router();
  api.use(express.json({ limit: '1mb' }), restBase);
  api.get('/organizationAcls', organizationAcls);
  api.get('/organizations', organizations);
  api.get('/organizations/:id', organization);
  api.post('/images', initializeUpload);
  api.get('/images/:urn', getImage);
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
