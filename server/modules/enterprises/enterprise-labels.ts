import type { Types } from 'mongoose';
import { isObjectId } from '../../lib/object-id.js';
import { EnterpriseModel } from './enterprise.model.js';

/** What a figure's line needs of an enterprise. */
export interface EnterpriseLabel {
  name: string;
  territory: string;
}

/**
 * Names and territories of several enterprises in one query by `_id` (projected): lines of
 * figures name hundreds of them at once. Unknown ids are absent from the map.
 */
export async function enterpriseLabels(ids: Iterable<string>): Promise<Map<string, EnterpriseLabel>> {
  const valid = [...new Set(ids)].filter(isObjectId);
  if (valid.length === 0) return new Map();
  const docs = await EnterpriseModel.find({ _id: { $in: valid } }, { name: 1, territory: 1 }).lean<
    { _id: Types.ObjectId; name: string; territory: string }[]
  >();
  return new Map(docs.map((d) => [String(d._id), { name: d.name, territory: d.territory }]));
}
