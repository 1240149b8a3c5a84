import type { Types } from 'mongoose';
import { isObjectId } from '../../lib/object-id.js';
import { CampaignModel } from './campaign.model.js';

/** Names of several campaigns in one query by `_id` (projected); unknown ids are absent. */
export async function campaignNames(ids: Iterable<string>): Promise<Map<string, string>> {
  const valid = [...new Set(ids)].filter(isObjectId);
  if (valid.length === 0) return new Map();
  const docs = await CampaignModel.find({ _id: { $in: valid } }, { name: 1 }).lean<
    { _id: Types.ObjectId; name: string }[]
  >();
  return new Map(docs.map((d) => [String(d._id), d.name]));
}
