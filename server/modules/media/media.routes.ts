import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { openMediaStream } from './media.service.js';

/** /api/v1/media/:id streams a stored file with the content type sniffed at upload. */
export const mediaRouter = Router();

mediaRouter.get('/:id', async (req, res) => {
  const media = await openMediaStream(req.user!, parseInput(objectId, req.params.id, 'Media id'));
  res.setHeader('Content-Type', media.contentType);
  res.setHeader('Content-Length', String(media.bytes));
  res.setHeader('Cache-Control', 'private, max-age=86400, immutable');
  res.setHeader('Content-Disposition', `inline; filename="${media.filename.replaceAll('"', '')}"`);
  await pipeline(media.stream, res);
});
