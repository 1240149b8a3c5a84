/** Regional county municipalities (MRC) of Estrie, plus 'Autre' for members outside the region. */
export const territories = [
  'Sherbrooke',
  'Memphrémagog',
  'Le Granit',
  'Le Haut-Saint-François',
  'Coaticook',
  'Le Val-Saint-François',
  'Les Sources',
  'Brome-Missisquoi',
  'La Haute-Yamaska',
  'Autre',
] as const;
export type Territory = (typeof territories)[number];

/** Legal forms of collective enterprises in Québec: stored as codes, shown with their French label. */
export const legalForms = {
  worker_coop: 'Coopérative de travail',
  solidarity_coop: 'Coopérative de solidarité',
  consumer_coop: 'Coopérative de consommateurs',
  producer_coop: 'Coopérative de producteurs',
  housing_coop: "Coopérative d'habitation",
  worker_shareholder_coop: 'Coopérative de travailleurs actionnaire',
  nonprofit: 'OBNL',
  other: 'Autre',
} as const;
export type LegalForm = keyof typeof legalForms;
export const legalFormCodes = Object.keys(legalForms) as [LegalForm, ...LegalForm[]];

export const sectors = {
  food: 'Alimentation et restauration',
  agriculture: 'Agriculture',
  arts_culture: 'Arts et culture',
  retail: 'Commerce de détail',
  environment: 'Environnement et récupération',
  housing: 'Habitation',
  tourism_leisure: 'Loisirs et tourisme',
  personal_services: 'Services aux personnes',
  business_services: 'Services aux entreprises',
  childcare: 'Petite enfance',
  media: 'Médias et communications',
  manufacturing: 'Fabrication',
  other: 'Autre',
} as const;
export type Sector = keyof typeof sectors;
export const sectorCodes = Object.keys(sectors) as [Sector, ...Sector[]];

export const impactKinds = ['social', 'economic', 'environmental'] as const;
export type ImpactKind = (typeof impactKinds)[number];

/** Fields a member may change on its own enterprise (the logo goes through the upload route). */
export const memberEditableFields = ['description', 'website', 'impacts'] as const;
