/** What POST /{page}/photos and /{page}/feed read from their parameters, in Graph's terms. */
import type { Request, Response } from 'express';
import { ctx, flag, param } from './graph-context.js';
import { GraphError, graphErrors } from './graph-errors.js';

const MIN_AHEAD_MS = 10 * 60_000;
const MAX_AHEAD_MS = 30 * 86_400_000;

/** When a post goes live: now, at `scheduled_publish_time`, or never (unpublished). */
export function publication(res: Response): { published: boolean; publishAt: Date } {
  const { now } = ctx(res);
  const published = flag(res, 'published', true);
  const scheduled = param(res, 'scheduled_publish_time');
  if (!scheduled) return { published, publishAt: now };
  if (published)
    throw graphErrors.invalidParam('(#100) You cannot specify a scheduled publish time on a published post');
  const at = /^\d+$/.test(scheduled) ? new Date(Number(scheduled) * 1000) : new Date(scheduled);
  const ahead = at.getTime() - now.getTime();
  if (Number.isNaN(ahead) || ahead < MIN_AHEAD_MS || ahead > MAX_AHEAD_MS) {
    throw graphErrors.invalidParam('(#100) The specified scheduled publish time is invalid.');
  }
  return { published: true, publishAt: at };
}

/** The photo's bytes: the multipart `source`, else fetched from `url` (10 s); Graph #324 when neither gives one. */
export async function photoBytes(req: Request, res: Response): Promise<Buffer> {
  const files = (req.files as Express.Multer.File[] | undefined) ?? [];
  const source = files.find((f) => f.fieldname === 'source');
  if (source) return source.buffer;
  const url = param(res, 'url');
  if (!url) throw new GraphError(400, 324, '(#324) Requires upload file');
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!answer.ok) throw new Error(String(answer.status));
    return Buffer.from(await answer.arrayBuffer());
  } catch {
    throw new GraphError(400, 324, '(#324) Missing or invalid image file');
  }
}

/** The photo ids of `attached_media` (JSON text, an array or an object of `{media_fbid}`); Graph #100 when malformed. */
export function attachedMedia(res: Response): string[] {
  const raw = ctx(res).params.attached_media;
  if (raw === undefined) return [];
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      throw graphErrors.invalidParam('(#100) param attached_media must be an array.');
    }
  }
  const items = Array.isArray(list) ? list : typeof list === 'object' && list ? Object.values(list) : [];
  return items.map((item) => {
    const value = typeof item === 'string' ? (JSON.parse(item) as unknown) : item;
    const id = (value as { media_fbid?: unknown } | null)?.media_fbid;
    if (typeof id !== 'string' && typeof id !== 'number')
      throw graphErrors.invalidParam(
        '(#100) param attached_media must be an array of objects with media_fbid.',
      );
    return String(id);
  });
}
