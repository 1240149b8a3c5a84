import { parse } from 'csv-parse/sync';
import { isDuplicateKeyError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { foldText, freeSlug } from '../../lib/slug.js';
import { zodProblems } from '../../lib/validate.js';
import { isStaff } from '../access/access.policy.js';
import type { PublicUser } from '../users/user.service.js';
import { decodeCsv, detectDelimiter } from './csv-decode.js';
import { impactKinds, legalForms, sectors, territories } from './enterprise.constants.js';
import { EnterpriseModel } from './enterprise.model.js';
import { enterpriseCreateSchema } from './enterprise.schemas.js';

export interface CsvRejection {
  line: number;
  field: string;
  message: string;
}

export interface CsvImportResult {
  created: number;
  rejected: CsvRejection[];
  /** Header cells that match no known column (their values were not imported). */
  ignoredColumns: string[];
}

const maxRows = 5000;
const key = (text: string) => foldText(text).replace(/[^a-z0-9]/g, '');

/** Column names accepted in the header, in French or English, compared without accents, case or punctuation. */
const columnAliases: Record<string, string[]> = {
  name: ['name', 'nom', 'entreprise', 'nomdelentreprise'],
  slug: ['slug', 'identifiant'],
  legalForm: ['legalform', 'formejuridique', 'forme'],
  territory: ['territory', 'territoire', 'mrc'],
  sector: ['sector', 'secteur', 'secteurdactivite'],
  description: ['description'],
  website: ['website', 'siteweb', 'site', 'url'],
  brandColor: ['brandcolor', 'couleur', 'couleurdemarque'],
  impacts: ['impacts', 'impact', 'retombees'],
  cohorts: ['cohorts', 'cohort', 'cohortes', 'cohorte'],
  tags: ['tags', 'etiquettes', 'motscles'],
  active: ['active', 'actif', 'active'],
};
const requiredColumns = ['name', 'legalForm', 'territory', 'sector'];

function lookup(entries: [string, string][], extra: Record<string, string> = {}): Map<string, string> {
  const map = new Map<string, string>();
  for (const [code, label] of entries) map.set(key(code), code).set(key(label), code);
  for (const [alias, code] of Object.entries(extra)) map.set(key(alias), code);
  return map;
}
const legalFormByKey = lookup(Object.entries(legalForms), {
  osbl: 'nonprofit',
  'organisme à but non lucratif': 'nonprofit',
  'organisme sans but lucratif': 'nonprofit',
  'coop de travail': 'worker_coop',
  'coop de solidarité': 'solidarity_coop',
});
const sectorByKey = lookup(Object.entries(sectors), {
  alimentation: 'food',
  restauration: 'food',
  culture: 'arts_culture',
  commerce: 'retail',
  environnement: 'environment',
  recuperation: 'environment',
  tourisme: 'tourism_leisure',
  loisirs: 'tourism_leisure',
  medias: 'media',
  communications: 'media',
});
const territoryByKey = lookup(territories.map((t) => [t, t]));
const impactKindByKey = lookup(
  impactKinds.map((k) => [k, k]),
  { économique: 'economic', environnemental: 'environmental' },
);

const list = (cell: string) =>
  cell
    .split(/[|,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** "social: 42 emplois créés | environnemental: 3 tonnes détournées" → impacts. */
function impactsFrom(cell: string) {
  return cell
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const [kind, ...label] = part.split(':');
      return label.length
        ? { kind: impactKindByKey.get(key(kind ?? '')) ?? kind?.trim(), label: label.join(':').trim() }
        : { kind: 'social', label: part };
    });
}

function rowToInput(cells: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(cells)) {
    const value = raw.trim();
    if (value === '') continue;
    if (field === 'legalForm') input[field] = legalFormByKey.get(key(value)) ?? value;
    else if (field === 'sector') input[field] = sectorByKey.get(key(value)) ?? value;
    else if (field === 'territory') input[field] = territoryByKey.get(key(value)) ?? value;
    else if (field === 'cohorts' || field === 'tags') input[field] = list(value);
    else if (field === 'impacts') input[field] = impactsFrom(value);
    else if (field === 'active')
      input[field] = ['oui', 'yes', 'true', '1', 'vrai'].includes(key(value))
        ? true
        : ['non', 'no', 'false', '0', 'faux'].includes(key(value))
          ? false
          : value;
    else input[field] = value;
  }
  return input;
}

function readHeader(header: string[]) {
  const columns = header.map(
    (cell) => Object.entries(columnAliases).find(([, aliases]) => aliases.includes(key(cell)))?.[0],
  );
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new ValidationError(
      `The CSV is missing the column(s) ${missing.join(', ')}.`,
      missing.map((field) => ({ field, message: 'column is missing' })),
    );
  }
  return { columns, ignored: header.filter((cell, i) => !columns[i] && cell.trim() !== '') };
}

type Parsed = { record: string[]; raw: string; info: { lines: number } };

/**
 * Imports enterprises from a CSV file. Every row is validated first; the valid rows are then
 * created and each invalid row is reported with its line number, field and reason (a row with a
 * problem is not created at all). A file missing a required column is refused whole (400).
 */
export async function importEnterprisesCsv(user: PublicUser, buffer: Buffer): Promise<CsvImportResult> {
  if (!isStaff(user)) throw new NotFoundError();
  const text = decodeCsv(buffer);
  let rows: Parsed[];
  try {
    rows = parse(text, {
      delimiter: detectDelimiter(text),
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as Parsed[];
  } catch (err) {
    throw new ValidationError(`The CSV cannot be read: ${(err as Error).message}`, [
      { field: 'file', message: 'is not valid CSV' },
    ]);
  }
  const [header, ...records] = rows;
  if (!header) throw new ValidationError('The CSV file is empty.', [{ field: 'file', message: 'is empty' }]);
  if (records.length > maxRows)
    throw new ValidationError(`The CSV has more than ${maxRows} rows.`, [
      { field: 'file', message: `has more than ${maxRows} rows` },
    ]);
  const { columns, ignored } = readHeader(header.record);

  const rejected: CsvRejection[] = [];
  const valid: { line: number; data: Record<string, unknown> }[] = [];
  const slugLines = new Map<string, number>();
  for (const row of records) {
    const line =
      row.info.lines -
      (row.raw
        .replace(/^[\r\n]+/, '')
        .replace(/\r?\n$/, '')
        .match(/\n/g)?.length ?? 0);
    const cells = Object.fromEntries(columns.flatMap((c, i) => (c ? [[c, row.record[i] ?? '']] : [])));
    const result = enterpriseCreateSchema.safeParse(rowToInput(cells));
    if (!result.success) {
      rejected.push(...zodProblems(result.error).map((p) => ({ line, ...p })));
      continue;
    }
    const data: Record<string, unknown> = { ...result.data, website: result.data.website ?? undefined };
    if (result.data.slug) {
      const earlier = slugLines.get(result.data.slug);
      if (earlier || (await EnterpriseModel.exists({ slug: result.data.slug }))) {
        rejected.push({
          line,
          field: 'slug',
          message: earlier ? `is already used on line ${earlier}` : 'is already used',
        });
        continue;
      }
      slugLines.set(result.data.slug, line);
    }
    valid.push({ line, data });
  }

  let created = 0;
  for (const { line, data } of valid) {
    if (!data.slug) {
      const slug = await freeSlug(
        String(data.name),
        'entreprise',
        async (s) => slugLines.has(s) || EnterpriseModel.exists({ slug: s }),
      );
      slugLines.set(slug, line);
      data.slug = slug;
    }
    try {
      await EnterpriseModel.create(data);
      created += 1;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      rejected.push({ line, field: 'slug', message: 'is already used' });
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  return { created, rejected, ignoredColumns: ignored };
}
