import { isDuplicateKeyError, NotFoundError } from '../../lib/errors.js';
import { foldText, slugify } from '../../lib/slug.js';
import { isStaff } from '../access/access.policy.js';
import type { PublicUser } from '../users/user.service.js';
import { decodeCsv } from './csv-decode.js';
import { type CsvRejection, type CsvRow, readCsvRows } from './csv-rows.js';
import { EnterpriseModel } from './enterprise.model.js';

export { sampleCsv } from './csv-columns.js';
export type { CsvRejection } from './csv-rows.js';

/** What became of one accepted row: matched on its slug (given, or made from the name). */
export interface CsvRowOutcome {
  line: number;
  id: string;
  slug: string;
  name: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** For an update: the fields the row changed. */
  changed?: string[];
}

/** An enterprise's fields before and after an update, for callers that react to changes (re-rendering). */
export type OnEnterpriseUpdated = (
  id: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) => Promise<void>;

export interface CsvImportResult {
  created: number;
  updated: number;
  unchanged: number;
  rows: CsvRowOutcome[];
  rejected: CsvRejection[];
  /** Header cells that match no known column (their values were not imported). */
  ignoredColumns: string[];
}

/** Key order and absent values do not count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined && x !== null)
            .sort(),
        )
      : v,
  );
}

/** The fields of `data` whose value differs from the stored enterprise's. */
function changesOf(data: Record<string, unknown>, stored: Record<string, unknown>) {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) {
    if (field === 'slug' || value === undefined) continue;
    if (canonical(value) !== canonical(stored[field] ?? undefined)) changes[field] = value;
  }
  if (typeof changes.name === 'string') changes.nameKey = foldText(changes.name);
  return changes;
}

/** Keeps the first row of each slug; later ones are rejected naming the first one's line. */
function bySlug(valid: CsvRow[], rejected: CsvRejection[]) {
  const rows = new Map<string, CsvRow & { slug: string }>();
  for (const row of valid) {
    const slug = row.data.slug ?? (slugify(row.data.name) || 'entreprise');
    const earlier = rows.get(slug);
    if (earlier) {
      rejected.push({
        line: row.line,
        field: row.data.slug ? 'slug' : 'name',
        value: row.data.slug ?? row.data.name,
        message: `is already used on line ${earlier.line}`,
      });
    } else rows.set(slug, { ...row, slug });
  }
  return rows;
}

/**
 * Imports enterprises from a CSV file, idempotently: each valid row is matched on its slug
 * (the slug column, else the slug of the name) and creates the enterprise, updates the fields
 * the row fills in, or leaves it unchanged; importing the same file twice changes nothing.
 * Each invalid row is reported with its line, column and reason and is not written at all.
 * A file missing a required column is refused whole (400). Staff only (404 otherwise).
 */
export async function importEnterprisesCsv(
  user: PublicUser,
  buffer: Buffer,
  onUpdated?: OnEnterpriseUpdated,
): Promise<CsvImportResult> {
  if (!isStaff(user)) throw new NotFoundError();
  const { valid, rejected, ignored } = readCsvRows(decodeCsv(buffer));
  const rows = bySlug(valid, rejected);
  const stored = new Map(
    (await EnterpriseModel.find({ slug: { $in: [...rows.keys()] } }).lean()).map((e) => [e.slug, e]),
  );
  const outcomes: CsvRowOutcome[] = [];
  for (const [slug, { line, data }] of rows) {
    const existing = stored.get(slug);
    const outcome = { line, slug, name: data.name, id: String(existing?._id ?? '') };
    try {
      if (!existing) {
        const doc = await EnterpriseModel.create({ ...data, slug, website: data.website ?? undefined });
        outcomes.push({ ...outcome, id: String(doc._id), outcome: 'created' });
        continue;
      }
      const changes = changesOf(data, existing as unknown as Record<string, unknown>);
      if (Object.keys(changes).length === 0) {
        outcomes.push({ ...outcome, name: existing.name, outcome: 'unchanged' });
        continue;
      }
      await EnterpriseModel.updateOne({ _id: existing._id }, { $set: changes }, { runValidators: true });
      const changed = Object.keys(changes).filter((f) => f !== 'nameKey');
      outcomes.push({ ...outcome, outcome: 'updated', changed });
      await onUpdated?.(outcome.id, existing as unknown as Record<string, unknown>, {
        ...existing,
        ...changes,
      });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      rejected.push({ line, field: 'slug', value: slug, message: 'is already used' });
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  outcomes.sort((a, b) => a.line - b.line);
  const count = (o: CsvRowOutcome['outcome']) => outcomes.filter((r) => r.outcome === o).length;
  return {
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rows: outcomes,
    rejected,
    ignoredColumns: ignored,
  };
}
