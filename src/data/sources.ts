import type { LocalizedText } from '../kernel/i18n.ts';

/** Who produced a figure. Several sources for one figure are kept side by side. */
export interface Source {
  readonly code: string;
  readonly name: LocalizedText;
}

/** The sources every store starts with; more can be added. */
export const SEED_SOURCES: readonly Source[] = [
  {
    code: 'police',
    name: {
      en: 'Police records',
      es: 'Registros policiales',
      pt: 'Registros policiais',
      fr: 'Registres de police',
    },
  },
  {
    code: 'forensic',
    name: {
      en: 'Forensic medicine institute',
      es: 'Instituto de medicina legal',
      pt: 'Instituto médico-legal',
      fr: 'Institut médico-légal',
    },
  },
  {
    code: 'health',
    name: {
      en: 'Health ministry (vital statistics)',
      es: 'Ministerio de salud (estadísticas vitales)',
      pt: 'Ministério da saúde (estatísticas vitais)',
      fr: 'Ministère de la santé (statistiques de l’état civil)',
    },
  },
  {
    code: 'prisons',
    name: {
      en: 'Prison administration',
      es: 'Administración penitenciaria',
      pt: 'Administração penitenciária',
      fr: 'Administration pénitentiaire',
    },
  },
  {
    code: 'justice',
    name: {
      en: 'Justice ministry and courts',
      es: 'Ministerio de justicia y tribunales',
      pt: 'Ministério da justiça e tribunais',
      fr: 'Ministère de la justice et tribunaux',
    },
  },
  {
    code: 'ministry',
    name: {
      en: 'Security ministry',
      es: 'Ministerio de seguridad',
      pt: 'Ministério da segurança',
      fr: 'Ministère de la sécurité',
    },
  },
  {
    code: 'survey',
    name: {
      en: 'Household survey',
      es: 'Encuesta de hogares',
      pt: 'Pesquisa domiciliar',
      fr: 'Enquête auprès des ménages',
    },
  },
  {
    code: 'census',
    name: {
      en: 'Census and population projections',
      es: 'Censo y proyecciones de población',
      pt: 'Censo e projeções populacionais',
      fr: 'Recensement et projections de population',
    },
  },
  {
    code: 'unodc',
    name: { en: 'UNODC', es: 'UNODC', pt: 'UNODC', fr: 'ONUDC' },
  },
  {
    code: 'world_bank',
    name: {
      en: 'World Bank (WDI)',
      es: 'Banco Mundial (WDI)',
      pt: 'Banco Mundial (WDI)',
      fr: 'Banque mondiale (WDI)',
    },
  },
];
