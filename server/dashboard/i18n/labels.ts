import {
  type LegalForm,
  legalForms,
  type Sector,
  sectors,
} from '../../modules/enterprises/enterprise.constants.js';
import type { Locale } from './index.js';

// The enterprise module stores codes with French labels; English labels live here, with the other translations.
const legalFormsEn: Partial<Record<LegalForm, string>> = {
  worker_coop: 'Worker co-operative',
  solidarity_coop: 'Solidarity co-operative',
  consumer_coop: 'Consumer co-operative',
  producer_coop: 'Producer co-operative',
  housing_coop: 'Housing co-operative',
  worker_shareholder_coop: 'Worker-shareholder co-operative',
  nonprofit: 'Non-profit organization',
  other: 'Other',
};

const sectorsEn: Partial<Record<Sector, string>> = {
  food: 'Food and restaurants',
  agriculture: 'Agriculture',
  arts_culture: 'Arts and culture',
  retail: 'Retail',
  environment: 'Environment and recovery',
  housing: 'Housing',
  tourism_leisure: 'Leisure and tourism',
  personal_services: 'Personal services',
  business_services: 'Business services',
  childcare: 'Early childhood',
  media: 'Media and communications',
  manufacturing: 'Manufacturing',
  other: 'Other',
};

export function legalFormLabel(locale: Locale, code: string): string {
  const french: Record<string, string> = legalForms;
  return (
    (locale === 'en' ? (legalFormsEn as Record<string, string>)[code] : undefined) ?? french[code] ?? code
  );
}

export function sectorLabel(locale: Locale, code: string): string {
  const french: Record<string, string> = sectors;
  return (locale === 'en' ? (sectorsEn as Record<string, string>)[code] : undefined) ?? french[code] ?? code;
}

export function legalFormOptions(locale: Locale) {
  return Object.keys(legalForms).map((value) => ({ value, label: legalFormLabel(locale, value) }));
}

export function sectorOptions(locale: Locale) {
  return Object.keys(sectors)
    .map((value) => ({ value, label: sectorLabel(locale, value) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}
