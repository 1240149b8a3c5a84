import { type GroupInsert, groupInsert } from '../../lib/group-insert.js';
import { SimMedia, type SimMediaDoc, SimPost, type SimPostDoc } from './sim.models.js';

/** What createGrouped needs of a Mongoose model. */
interface InsertableModel {
  new (fields: object): { validate(): Promise<void>; toObject(): object };
  collection: unknown;
}

const groups = new Map<InsertableModel, GroupInsert<Record<string, unknown>>>();

/**
 * `model.create(fields)` for one document, with the inserts of concurrent requests grouped
 * into one command (group-insert.ts): defaults and casting as Mongoose applies them, then
 * validation (throws ValidationError), then the insert (rejects with this document's own
 * error, e.g. a duplicate key). Resolves once stored, to the stored document as a plain
 * object. For the simulator's per-post inserts; its schemas have no save hooks or timestamps.
 */
async function createGrouped<T>(model: InsertableModel, fields: object): Promise<T> {
  const doc = new model(fields);
  await doc.validate();
  const plain = doc.toObject() as Record<string, unknown>;
  let group = groups.get(model);
  if (!group) {
    group = groupInsert(() => model.collection as never);
    groups.set(model, group);
  }
  await group.insert(plain);
  return plain as T;
}

/** Stores a post (SimPost.create, grouped with concurrent ones). */
export const storePost = (fields: Partial<SimPostDoc>): Promise<SimPostDoc> =>
  createGrouped(SimPost as unknown as InsertableModel, fields);

/** Stores a photo or image record (SimMedia.create, grouped with concurrent ones). */
export const storeMedia = (fields: Partial<SimMediaDoc>): Promise<SimMediaDoc> =>
  createGrouped(SimMedia as unknown as InsertableModel, fields);
