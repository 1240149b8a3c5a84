import { Router } from 'express';
import { z } from 'zod';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { queueAdRender } from '../../use-cases/render-ad.js';
import { queueCampaignRender } from '../../use-cases/render-campaign.js';
import { requireRole } from '../auth/auth.middleware.js';
import { batchProgress } from './render-batches.js';
import { getTemplateSummary, listTemplateSummaries, renderPreview } from './rendering.service.js';

const previewSchema = z.strictObject({
  templateId: z.string().min(1).max(64),
  format: z.string().min(1).max(32),
  fields: z.record(z.string(), z.string().max(2000)).default({}),
  enterpriseId: z
    .string()
    .regex(/^[0-9a-f]{24}$/, 'must be an id')
    .optional(),
  enterpriseIds: z
    .array(z.string().regex(/^[0-9a-f]{24}$/, 'must be an id'))
    .max(10)
    .optional(),
  lang: z.enum(['fr', 'en']).optional(),
});

/** Templates, live previews and render jobs; mounted under /api/v1 behind requireAuth. */
export const renderingRouter = Router();

renderingRouter.get('/templates', async (_req, res) => {
  res.json({ data: await listTemplateSummaries() });
});

renderingRouter.get('/templates/:id', async (req, res) => {
  res.json(await getTemplateSummary(String(req.params.id)));
});

renderingRouter.post('/previews', async (req, res) => {
  const input = parseInput(previewSchema, req.body, 'Preview');
  const image = await renderPreview(req.user!, input);
  // The hash names the content: the browser may keep it as long as it likes.
  res.set({
    'Content-Type': image.mime,
    ETag: `"${image.hash}"`,
    'Cache-Control': 'private, max-age=3600',
    'X-Cache': image.cached ? 'hit' : 'miss',
    // Fields whose text the image cuts (ends with an ellipsis): scripts can warn as the editor does.
    ...(image.cut.length ? { 'X-Cut-Fields': image.cut.join(',') } : {}),
  });
  res.send(image.data);
});

// Not behind requireRole: a member asking for another enterprise's ad gets the same 404 as
// for an ad that does not exist, and a 403 only for an ad it may see.
renderingRouter.post('/ads/:id/render', async (req, res) => {
  res.status(202).json(await queueAdRender(req.user!, parseInput(objectId, req.params.id, 'Ad id')));
});

renderingRouter.post('/campaigns/:id/render', requireRole('admin', 'strategist'), async (req, res) => {
  const batch = await queueCampaignRender(req.user!, parseInput(objectId, req.params.id, 'Campaign id'));
  res.status(202).json({ ...batch, progressUrl: `/api/v1/render-batches/${batch.batchId}` });
});

renderingRouter.get('/render-batches/:id', requireRole('admin', 'strategist'), async (req, res) => {
  res.json(await batchProgress(String(req.params.id)));
});
