import { mongoDb } from '../../lib/mongo.js';

/** A pre-flight result for one turn (publication + fence) of a publication. */
export interface PreflightCheck {
  stage: 'none' | '24h' | '1h';
  checkedAt: Date | null;
  problems: { code: string; message: string }[];
}

interface CheckDoc extends PreflightCheck {
  _id: string;
  fence: number;
}

/**
 * Kept beside the publications, not in them: on FerretDB an update rewrites the whole
 * document it read, so a check written into a publication could undo a concurrent cancel.
 * Only the holder of a publication's turn writes the publication itself.
 */
const checks = () => mongoDb().collection<CheckDoc>('publication_checks');

export const noCheck: PreflightCheck = { stage: 'none', checkedAt: null, problems: [] };

export async function saveCheck(publicationId: string, fence: number, check: PreflightCheck): Promise<void> {
  await checks().replaceOne({ _id: publicationId }, { ...check, fence }, { upsert: true });
}

/** The checks of these publications' current turns (a check of an older fence no longer counts). */
export async function checksOf(pubs: { id: string; fence: number }[]): Promise<Map<string, PreflightCheck>> {
  if (pubs.length === 0) return new Map();
  const docs = await checks()
    .find({ _id: { $in: pubs.map((p) => p.id) } })
    .toArray();
  const fences = new Map(pubs.map((p) => [p.id, p.fence]));
  return new Map(
    docs
      .filter((d) => fences.get(d._id) === d.fence)
      .map((d) => [d._id, { stage: d.stage, checkedAt: d.checkedAt, problems: d.problems }]),
  );
}

/** Turns whose last check found a problem: publication id and fence. */
export async function turnsWithProblems(): Promise<{ id: string; fence: number }[]> {
  const docs = await checks()
    .find({ 'problems.0': { $exists: true } }, { projection: { fence: 1 } })
    .toArray();
  return docs.map((d) => ({ id: d._id, fence: d.fence }));
}
