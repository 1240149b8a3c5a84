import mongoose, { type mongo } from 'mongoose';

// Mongoose's own copy of the driver: errors it throws are instances of its classes.
const { MongoBulkWriteError, MongoServerError } = mongoose.mongo;
type Collection<T extends mongo.Document> = mongo.Collection<T>;
type Document = mongo.Document;
type OptionalUnlessRequiredId<T> = mongo.OptionalUnlessRequiredId<T>;

/** Inserts into one collection, grouped (see groupInsert). */
export interface GroupInsert<T extends Document> {
  /**
   * Inserts `doc` and resolves once it is stored, exactly as an insertOne would: rejects
   * with this document's own error (a duplicate key is a MongoServerError with code 11000,
   * which isDuplicateKeyError recognises), or with the batch's error when the whole command
   * failed (then some of its documents may be stored, as after a failed insertOne).
   */
  insert(doc: OptionalUnlessRequiredId<T>): Promise<void>;
}

/**
 * Group commit for inserts: the inserts that arrive while one command is in flight go
 * together in the next one, an unordered insertMany (each document stands or fails on its
 * own, unique indexes included), so a burst of concurrent inserts costs a few commands
 * instead of one each, and a lone insert waits for nothing. Each caller still learns its own
 * outcome, after its document is stored. FerretDB inserts the batch in one statement and,
 * when one document violates a unique index, each document alone (measured: the others are
 * stored and each duplicate is reported with its index and code 11000, on SQLite and
 * PostgreSQL, as MongoDB does).
 * `maxBatch` bounds a command's documents (default 200).
 */
export function groupInsert<T extends Document>(
  collection: () => Collection<T>,
  options: { maxBatch?: number } = {},
): GroupInsert<T> {
  const maxBatch = options.maxBatch ?? 200;
  type Waiting = { doc: OptionalUnlessRequiredId<T>; resolve: () => void; reject: (err: unknown) => void };
  let waiting: Waiting[] = [];
  let flushing = false;

  async function send(batch: Waiting[]): Promise<void> {
    try {
      await collection().insertMany(
        batch.map((w) => w.doc),
        { ordered: false },
      );
      for (const w of batch) w.resolve();
    } catch (err) {
      if (!(err instanceof MongoBulkWriteError) || !err.writeErrors) {
        for (const w of batch) w.reject(err);
        return;
      }
      const failed = new Map<number, mongo.MongoServerError>();
      const list = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      for (const e of list) {
        failed.set(e.index, new MongoServerError({ message: e.errmsg ?? 'write error', code: e.code }));
      }
      // A command that failed for another reason too (write concern): nobody can be told "stored".
      const whole = err.writeConcernError ? err : undefined;
      batch.forEach((w, i) => {
        const own = failed.get(i) ?? whole;
        if (own) w.reject(own);
        else w.resolve();
      });
    }
  }

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch);
        waiting = waiting.slice(batch.length);
        await send(batch);
      }
    } finally {
      flushing = false;
    }
  }

  return {
    insert(doc) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ doc, resolve, reject });
        // The inserts of this tick go together; later ones wait for the command in flight.
        if (!flushing) {
          flushing = true;
          queueMicrotask(() => void flush());
        }
      });
    },
  };
}
