import type { Types } from 'mongoose';
import { isObjectId } from '../../lib/object-id.js';
import { AdModel } from './ad.model.js';

/** What a list of posts shows of an ad: its captions and a small image per render format. */
export interface AdGlance {
  caption: { default: string; facebook?: string; linkedin?: string };
  /**
   * Per format: the render's thumbnail as lists serve it, a WebP data URL of a few KB (no
   * request), else the render's media path (/api/v1/media/<fileId>) for renders stored before
   * thumbnails.
   */
  thumbnails: Record<string, string>;
}

interface Row {
  _id: Types.ObjectId;
  caption?: { default?: string; facebook?: string; linkedin?: string };
  renders?: { format: string; fileId: Types.ObjectId; thumbnail?: string }[];
}

/** Captions and thumbnails of a few ads (top posts), read by `_id`; unknown ids are absent. */
export async function adGlances(ids: Iterable<string>): Promise<Map<string, AdGlance>> {
  const valid = [...new Set(ids)].filter(isObjectId);
  if (valid.length === 0) return new Map();
  // One lookup by _id each (a handful): FerretDB answers those without scanning every ad.
  const found = await Promise.all(
    valid.map((id) =>
      AdModel.findById(id, {
        caption: 1,
        'renders.format': 1,
        'renders.fileId': 1,
        'renders.thumbnail': 1,
      }).lean<Row>(),
    ),
  );
  const docs = found.filter((d): d is Row => d !== null);
  return new Map(
    docs.map((d) => [
      String(d._id),
      {
        caption: {
          default: d.caption?.default ?? '',
          ...(d.caption?.facebook ? { facebook: d.caption.facebook } : {}),
          ...(d.caption?.linkedin ? { linkedin: d.caption.linkedin } : {}),
        },
        thumbnails: Object.fromEntries(
          (d.renders ?? []).map((r) => [r.format, r.thumbnail || `/api/v1/media/${String(r.fileId)}`]),
        ),
      },
    ]),
  );
}
