import type { Document, Model, Query, Schema } from 'mongoose';
import { ENTRY_FIELDS, sameEntry } from './calendar-entry.js';
import {
  indexPublications,
  indexTransition,
  indexWriteFailed,
  unindexPublications,
} from './calendar-index.js';
import type { PublicationDoc } from './publication.model.js';

/**
 * Keeps the calendar's read model (calendar-index.ts) in step with every publication write,
 * whoever makes it: the model's hooks run after each write, so no service has to remember.
 * A transition returned by findOneAndUpdate is ordered against the stored entry by its fence
 * and forward steps (indexTransition); other updates, and transitions Redis cannot order, are
 * read again by `_id` (FerretDB pushes that down) so the entry written is the stored state,
 * not what one writer believed; new documents are written unless a newer entry is already there. A write the hooks cannot attribute to
 * ids (updateMany, a delete by another filter) marks the read model for a rebuild.
 */
type AnyQuery = Query<unknown, unknown>;
type PublicationModelLike = Model<PublicationDoc>;

const plainId = (value: unknown) =>
  typeof value === 'string' ||
  (value && typeof value === 'object' && !('$in' in value) && !Array.isArray(value))
    ? String(value)
    : undefined;

/** The ids a query's filter names: `_id: x` or `_id: { $in: [...] }`; undefined otherwise. */
function idsOf(query: AnyQuery): string[] | undefined {
  const id = query.getFilter()._id as unknown;
  if (id && typeof id === 'object' && '$in' in id && Array.isArray(id.$in)) return id.$in.map(String);
  const one = plainId(id);
  return one && !one.startsWith('[object') ? [one] : undefined;
}

/** Only the fields an entry is made of: a publication also holds its caption, up to 70 kB. */
const read = (model: PublicationModelLike, id: string) =>
  model.findById(id, ENTRY_FIELDS).lean<PublicationDoc>();

/**
 * Writes the stored state of one publication, then reads it again: if it changed meanwhile
 * (a racing writer, whose own write may have landed first), writes again. Every writer ends on
 * a state MongoDB still held after its write, so the last one leaves the truth, whatever
 * the clocks of the processes say.
 */
async function reindexOne(
  model: PublicationModelLike,
  id: string,
  stored?: PublicationDoc | null,
): Promise<void> {
  let doc = stored ?? (await read(model, id));
  for (let round = 0; round < 5; round += 1) {
    if (doc) await indexPublications([doc], true);
    else await unindexPublications([id]);
    const again = await read(model, id);
    if (sameEntry(doc, again)) return;
    doc = again;
  }
  throw new Error(`publication ${id} kept changing while its calendar entry was written`);
}

async function reindex(model: PublicationModelLike, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => reindexOne(model, id)));
}

const guarded = (work: Promise<void>) => work.catch(indexWriteFailed);

export function calendarIndexHooks(schema: Schema): void {
  schema.post('save', (doc: Document) => guarded(indexPublications([doc.toObject<PublicationDoc>()])));
  // Mongoose types this hook's result as the model; it is the inserted documents.
  schema.post('insertMany', async (docs: unknown) => {
    const list = (Array.isArray(docs) ? docs : [docs]) as Document[];
    await guarded(indexPublications(list.map((d) => d.toObject<PublicationDoc>())));
  });
  schema.post(['findOneAndUpdate', 'updateOne'], async function (this: AnyQuery, result: unknown) {
    const model = this.model as unknown as PublicationModelLike;
    const found = (result as { _id?: unknown } | null)?._id;
    // findOneAndUpdate returning the document after the update hands over the stored state:
    // Redis orders it against the stored entry by fence and forward step (indexTransition);
    // only when it cannot tell is MongoDB read again, after writing, for racing writers.
    const options = this.getOptions() as { returnDocument?: string; new?: boolean };
    const after = found && (options.returnDocument === 'after' || options.new === true);
    if (after) {
      const doc = result as PublicationDoc;
      await guarded(
        indexTransition(doc).then((done) =>
          done === 'unsure' ? reindexOne(model, String(found), doc) : undefined,
        ),
      );
      return;
    }
    const ids = found ? [String(found)] : idsOf(this);
    await guarded(ids ? reindex(model, ids) : Promise.reject(new Error('update without _id')));
  });
  schema.post('updateMany', async function (this: AnyQuery) {
    const ids = idsOf(this);
    await guarded(
      ids
        ? reindex(this.model as unknown as PublicationModelLike, ids)
        : Promise.reject(new Error('updateMany')),
    );
  });
  schema.post(['deleteMany', 'deleteOne', 'findOneAndDelete'], async function (this: AnyQuery) {
    const ids = idsOf(this);
    await guarded(ids ? unindexPublications(ids) : Promise.reject(new Error('delete without _id')));
  });
}
