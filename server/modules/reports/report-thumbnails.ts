import { createHash } from 'node:crypto';
import { config } from '../../config/index.js';
import { sharedCache } from '../../lib/cache.js';
import { logger } from '../../lib/logger.js';
import { smallPng } from '../../lib/sharp.js';
import { readMedia } from '../media/media.service.js';

const pngs = sharedCache<Buffer>('report-thumbnails', (b) => b.length);

async function bytesOf(url: string): Promise<Buffer | undefined> {
  const data = /^data:image\/[a-z]+;base64,(.+)$/.exec(url);
  if (data) return Buffer.from(data[1]!, 'base64');
  const media = /\/media\/([a-f0-9]{24})$/.exec(url);
  // A GridFS read takes 100 ms or more: the cache below keeps its small PNG.
  if (media) return (await readMedia(media[1]!)).buffer;
  return undefined;
}

/**
 * A top post's thumbnail as a small PNG for the PDF (data URL or media path), cached; undefined
 * when there is none or it cannot be read (the PDF then leaves the space blank).
 */
export async function thumbnailPng(url: string | undefined): Promise<Buffer | undefined> {
  if (!url) return undefined;
  try {
    return await pngs.fetch(createHash('sha1').update(url).digest('hex'), async () => {
      const bytes = await bytesOf(url);
      if (!bytes) throw new Error('no thumbnail');
      return smallPng(bytes, 160, config().MAX_IMAGE_PIXELS);
    });
  } catch (err) {
    logger.debug({ err }, 'report thumbnail left out');
    return undefined;
  }
}
