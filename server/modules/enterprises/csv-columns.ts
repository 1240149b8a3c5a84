import { foldText } from '../../lib/slug.js';
import { impactKinds, legalForms, sectors, territories } from './enterprise.constants.js';

/** Compares cells without accents, case, spaces or punctuation. */
export const cellKey = (text: string) => foldText(text).replace(/[^a-z0-9]/g, '');

/** Column names accepted in the header, in French or English, compared with cellKey. */
export const columnAliases: Record<string, string[]> = {
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
export const requiredColumns = ['name', 'legalForm', 'territory', 'sector'];

/** A column whose cells must name one value of a list: what a cell may say, and the code stored. */
interface Choice {
  byKey: Map<string, string>;
  /** The values shown to people as accepted (French labels, as the hub's spreadsheets write them). */
  accepted: string[];
  /** Other spellings of each accepted value (its code, aliases), to suggest from: [spelling, label]. */
  spellings: [string, string][];
}

function choice(entries: [string, string][], extra: Record<string, string> = {}): Choice {
  const byKey = new Map<string, string>();
  for (const [code, label] of entries) byKey.set(cellKey(code), code).set(cellKey(label), code);
  for (const [alias, code] of Object.entries(extra)) byKey.set(cellKey(alias), code);
  const labelOf = new Map(entries);
  const spellings: [string, string][] = [
    ...entries.map(([code, label]): [string, string] => [code, label]),
    ...Object.entries(extra).flatMap(([alias, code]): [string, string][] =>
      labelOf.has(code) ? [[alias, labelOf.get(code)!]] : [],
    ),
  ];
  return { byKey, accepted: entries.map(([, label]) => label), spellings };
}

/** The columns whose cells are one value of a list. */
export const choices: Record<'legalForm' | 'sector' | 'territory', Choice> = {
  legalForm: choice(Object.entries(legalForms), {
    osbl: 'nonprofit',
    'organisme à but non lucratif': 'nonprofit',
    'organisme sans but lucratif': 'nonprofit',
    'coop de travail': 'worker_coop',
    'coop de solidarité': 'solidarity_coop',
  }),
  sector: choice(Object.entries(sectors), {
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
  }),
  territory: choice(territories.map((t) => [t, t])),
};
const impactKindByKey = choice(
  impactKinds.map((k) => [k, k]),
  { économique: 'economic', environnemental: 'environmental' },
).byKey;

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
        ? { kind: impactKindByKey.get(cellKey(kind ?? '')) ?? kind?.trim(), label: label.join(':').trim() }
        : { kind: 'social', label: part };
    });
}

const yes = ['oui', 'yes', 'true', '1', 'vrai'];
const no = ['non', 'no', 'false', '0', 'faux'];

/** One row's cells (by field) as the input enterprise schemas take; unknown list values are left as written. */
export function rowToInput(cells: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(cells)) {
    const value = raw.trim();
    if (value === '') continue;
    if (field === 'legalForm' || field === 'sector' || field === 'territory')
      input[field] = choices[field].byKey.get(cellKey(value)) ?? value;
    else if (field === 'cohorts' || field === 'tags') input[field] = list(value);
    else if (field === 'impacts') input[field] = impactsFrom(value);
    else if (field === 'active')
      input[field] = yes.includes(cellKey(value)) ? true : no.includes(cellKey(value)) ? false : value;
    else input[field] = value;
  }
  return input;
}

/**
 * The sample file offered on the import page: UTF-8 with BOM and semicolons (what French
 * Excel opens directly), French headers, every column, two rows.
 */
export function sampleCsv(): string {
  const rows = [
    [
      'Nom',
      'Identifiant',
      'Forme juridique',
      'Territoire',
      'Secteur',
      'Description',
      'Site Web',
      'Couleur',
      'Impacts',
      'Cohortes',
      'Étiquettes',
      'Actif',
    ],
    [
      'Coopérative Les Ateliers du Lac',
      'ateliers-du-lac',
      'Coopérative de travail',
      'Memphrémagog',
      'Fabrication',
      'Meubles en bois local, réparés et réemployés.',
      'https://ateliers.example',
      '#1F6F5C',
      'social: 12 emplois créés | environnemental: 3 tonnes de bois récupérées',
      'Cohorte 2026',
      'bois, réemploi',
      'oui',
    ],
    [
      'Fruits Partagés',
      '',
      'OBNL',
      'Coaticook',
      'Alimentation et restauration',
      'Cueillette solidaire des fruits oubliés.',
      '',
      '#C8102E',
      'social: 40 bénévoles',
      '',
      '',
      'oui',
    ],
  ];
  const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\uFEFF${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}
