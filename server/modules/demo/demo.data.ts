import { slugify } from '../../lib/slug.js';
import type { LegalForm, Sector, Territory } from '../enterprises/enterprise.constants.js';

/** A fictional hub's members, modelled on a real regional hub of Estrie. Every name is invented. */
export interface DemoEnterprise {
  name: string;
  legalForm: LegalForm;
  territory: Territory;
  sector: Sector;
  brandColor: string;
  description: string;
  website: string;
  /** Receives approval requests (the demo's outbox page shows them). */
  contactEmail: string;
  impacts: { kind: 'social' | 'economic' | 'environmental'; label: string; value?: string }[];
  cohorts: string[];
  tags: string[];
}

const cohort = 'Cohorte 2026';
const e = (
  name: string,
  legalForm: LegalForm,
  territory: Territory,
  sector: Sector,
  brandColor: string,
  description: string,
  impacts: DemoEnterprise['impacts'],
  tags: string[] = [],
): DemoEnterprise => ({
  name,
  legalForm,
  territory,
  sector,
  brandColor,
  description,
  website: `https://${slugify(name)}.example`,
  contactEmail: `info@${slugify(name)}.example`,
  impacts,
  cohorts: [cohort],
  tags,
});

export const demoEnterprises: DemoEnterprise[] = [
  e(
    'Coop La Bonne Fourchette',
    'solidarity_coop',
    'Sherbrooke',
    'food',
    '#C2410C',
    'Traiteur et cantine solidaire au centre-ville.',
    [
      { kind: 'economic', label: 'emplois créés', value: '42' },
      { kind: 'social', label: 'repas solidaires servis par année', value: '12 000' },
    ],
    ['alimentation', 'insertion'],
  ),
  e(
    'Friperie Le Fil Retrouvé',
    'nonprofit',
    'Memphrémagog',
    'environment',
    '#7C3AED',
    'Friperie et atelier de couture qui redonnent vie aux vêtements.',
    [
      { kind: 'environmental', label: "de textiles détournées de l'enfouissement", value: '3 tonnes' },
      { kind: 'social', label: 'bénévoles engagés', value: '35' },
    ],
    ['réemploi'],
  ),
  e(
    'Coopérative forestière des Hautes-Terres',
    'producer_coop',
    'Le Granit',
    'manufacturing',
    '#166534',
    'Aménagement forestier durable et bois d’œuvre local.',
    [
      { kind: 'economic', label: 'propriétaires de boisés membres', value: '180' },
      { kind: 'environmental', label: 'hectares certifiés', value: '9 500' },
    ],
  ),
  e(
    'Ressourcerie du Haut-Pays',
    'nonprofit',
    'Le Haut-Saint-François',
    'environment',
    '#0F766E',
    'Collecte, tri et revente d’objets et de meubles usagés.',
    [
      { kind: 'environmental', label: 'd’objets revalorisés chaque année', value: '410 tonnes' },
      { kind: 'social', label: 'parcours d’insertion', value: '24' },
    ],
  ),
  e(
    'Café-coop Le Passage',
    'solidarity_coop',
    'Coaticook',
    'food',
    '#92400E',
    'Café de village, lieu de rencontre et de spectacles.',
    [
      { kind: 'social', label: 'activités communautaires par année', value: '60' },
      { kind: 'economic', label: 'produits de fournisseurs locaux', value: '70 %' },
    ],
  ),
  e(
    "Coop d'habitation Les Berges",
    'housing_coop',
    'Sherbrooke',
    'housing',
    '#1D4ED8',
    'Logements abordables gérés par leurs résidants.',
    [{ kind: 'social', label: 'logements abordables', value: '48' }],
  ),
  e(
    'Théâtre des Collines',
    'nonprofit',
    'Le Val-Saint-François',
    'arts_culture',
    '#BE185D',
    'Théâtre d’été et médiation culturelle dans les écoles.',
    [
      { kind: 'social', label: 'élèves rejoints', value: '2 300' },
      { kind: 'economic', label: 'artistes rémunérés', value: '28' },
    ],
  ),
  e(
    'CPE Les Petits Pas',
    'nonprofit',
    'Les Sources',
    'childcare',
    '#DB2777',
    'Centre de la petite enfance de 80 places.',
    [
      { kind: 'social', label: 'places en petite enfance', value: '80' },
      { kind: 'economic', label: 'emplois', value: '22' },
    ],
  ),
  e(
    'Épicerie coopérative du Val',
    'consumer_coop',
    'Les Sources',
    'retail',
    '#65A30D',
    'Épicerie de proximité appartenant à ses membres.',
    [
      { kind: 'economic', label: 'membres propriétaires', value: '1 150' },
      { kind: 'social', label: 'épicerie sauvée de la fermeture', value: '1' },
    ],
  ),
  e(
    'Atelier vélo Roule-Roule',
    'worker_coop',
    'Sherbrooke',
    'retail',
    '#EA580C',
    'Réparation, vente et location de vélos remis à neuf.',
    [
      { kind: 'environmental', label: 'vélos remis sur la route', value: '900' },
      { kind: 'economic', label: 'travailleurs-membres', value: '7' },
    ],
    ['mobilité'],
  ),
  e(
    'Radio communautaire des Cantons',
    'nonprofit',
    'Sherbrooke',
    'media',
    '#4338CA',
    'Radio locale, francophone et participative.',
    [{ kind: 'social', label: 'bénévoles en ondes', value: '65' }],
  ),
  e(
    'Coopérative agricole Terres Vivantes',
    'producer_coop',
    'Coaticook',
    'agriculture',
    '#15803D',
    'Maraîchers biologiques en paniers et en marchés.',
    [
      { kind: 'environmental', label: 'hectares en régie biologique', value: '120' },
      { kind: 'economic', label: 'fermes membres', value: '14' },
    ],
  ),
  e(
    'Coop Plein Air Les Sommets',
    'solidarity_coop',
    'Memphrémagog',
    'tourism_leisure',
    '#0369A1',
    'Sentiers, location d’équipement et sorties guidées.',
    [{ kind: 'social', label: 'visiteurs par année', value: '25 000' }],
  ),
  e(
    'Coop Aide Chez Soi du Haut',
    'solidarity_coop',
    'Le Haut-Saint-François',
    'personal_services',
    '#B45309',
    'Aide à domicile pour les aînés et les familles.',
    [
      { kind: 'social', label: 'heures de services à domicile', value: '38 000' },
      { kind: 'economic', label: 'préposées et préposés', value: '56' },
    ],
  ),
  e(
    'Coop Numérique Estrie',
    'worker_coop',
    'Sherbrooke',
    'business_services',
    '#0E7490',
    'Sites Web et logiciels libres pour les organisations.',
    [{ kind: 'economic', label: 'organisations accompagnées', value: '130' }],
  ),
  e(
    'La Fabrique, atelier d’insertion',
    'nonprofit',
    'Le Val-Saint-François',
    'manufacturing',
    '#9F1239',
    'Entreprise d’insertion en menuiserie et en ébénisterie.',
    [
      { kind: 'social', label: 'jeunes formés par année', value: '30' },
      { kind: 'environmental', label: 'de bois récupéré', value: '15 tonnes' },
    ],
  ),
];

export interface DemoCampaign {
  name: string;
  theme: string;
  /** Days from today (start, end), or a month of the year (the next one to come). */
  when: { offsets: [number, number] } | { month: number };
  status: 'draft' | 'active';
  hashtags: string[];
  /** Each featured enterprise approves its ads before they can be scheduled. */
  requiresApproval?: boolean;
  /** Indexes into demoEnterprises. */
  enterprises: number[];
  ads: number;
  /** Ready ads are what the auto-planner spreads over the period; drafts wait for staff. */
  adStatus: 'draft' | 'ready';
}

export const demoCampaigns: DemoCampaign[] = [
  {
    name: 'Entreprise à valeurs ajoutées?',
    theme: 'Les retombées sociales, économiques et environnementales des entreprises collectives.',
    when: { offsets: [-30, 60] },
    status: 'active',
    hashtags: ['EntrepriseAValeursAjoutées', 'ÉconomieSociale', 'Estrie'],
    enterprises: [0, 1, 2, 3, 4, 6, 9, 11],
    ads: 5,
    adStatus: 'draft',
  },
  {
    name: "L'économie sociale, j'achète!",
    theme: 'Acheter auprès des coopératives et des OBNL de la région.',
    when: { offsets: [61, 120] },
    status: 'draft',
    hashtags: ['JAchèteÉS', 'ÉconomieSociale'],
    enterprises: [5, 7, 8, 10, 12, 13, 14, 15],
    ads: 3,
    adStatus: 'ready',
  },
  {
    name: "Mois de l'économie sociale",
    theme: 'Novembre, mois de l’économie sociale : portraits de membres.',
    when: { month: 11 },
    status: 'draft',
    hashtags: ['MoisES', 'ÉconomieSociale'],
    // The demo member (Sophie Gagnon, of the first enterprise) has an ad here to approve.
    requiresApproval: true,
    enterprises: [0, 4, 8, 12],
    ads: 2,
    adStatus: 'draft',
  },
];
