/**
 * The dimensions values may be broken down by, with their categories, in the four languages.
 * Age bands and weapon groups follow the UNODC homicide statistics; drug groups follow the UNODC
 * Annual Report Questionnaire.
 */
import type { Dimension } from './catalogue.ts';

export const DIMENSIONS: readonly Dimension[] = [
  {
    code: 'sex',
    name: { en: 'Sex', es: 'Sexo', pt: 'Sexo', fr: 'Sexe' },
    categories: [
      { code: 'F', name: { en: 'Female', es: 'Femenino', pt: 'Feminino', fr: 'Féminin' } },
      { code: 'M', name: { en: 'Male', es: 'Masculino', pt: 'Masculino', fr: 'Masculin' } },
    ],
  },
  {
    code: 'age_group',
    name: { en: 'Age group', es: 'Grupo de edad', pt: 'Faixa etária', fr: "Groupe d'âge" },
    categories: [
      {
        code: '0-14',
        name: { en: '0–14 years', es: '0 a 14 años', pt: '0 a 14 anos', fr: '0 à 14 ans' },
      },
      {
        code: '15-29',
        name: { en: '15–29 years', es: '15 a 29 años', pt: '15 a 29 anos', fr: '15 à 29 ans' },
      },
      {
        code: '30-44',
        name: { en: '30–44 years', es: '30 a 44 años', pt: '30 a 44 anos', fr: '30 à 44 ans' },
      },
      {
        code: '45-59',
        name: { en: '45–59 years', es: '45 a 59 años', pt: '45 a 59 anos', fr: '45 à 59 ans' },
      },
      {
        code: '60+',
        name: {
          en: '60 years and over',
          es: '60 años y más',
          pt: '60 anos ou mais',
          fr: '60 ans et plus',
        },
      },
    ],
  },
  {
    code: 'weapon',
    name: {
      en: 'Weapon or mechanism',
      es: 'Arma o mecanismo',
      pt: 'Arma ou meio empregado',
      fr: 'Arme ou mécanisme',
    },
    categories: [
      {
        code: 'firearm',
        name: { en: 'Firearm', es: 'Arma de fuego', pt: 'Arma de fogo', fr: 'Arme à feu' },
      },
      {
        code: 'sharp_object',
        name: {
          en: 'Sharp object',
          es: 'Objeto cortante o punzante',
          pt: 'Objeto cortante ou perfurante',
          fr: 'Objet tranchant ou pointu',
        },
      },
      {
        code: 'other',
        name: { en: 'Other means', es: 'Otros medios', pt: 'Outros meios', fr: 'Autres moyens' },
      },
    ],
  },
  {
    code: 'drug',
    name: {
      en: 'Drug group',
      es: 'Grupo de drogas',
      pt: 'Grupo de drogas',
      fr: 'Groupe de drogues',
    },
    categories: [
      {
        code: 'cocaine_hydrochloride',
        name: {
          en: 'Cocaine hydrochloride',
          es: 'Clorhidrato de cocaína',
          pt: 'Cloridrato de cocaína',
          fr: 'Chlorhydrate de cocaïne',
        },
      },
      {
        code: 'cocaine_base',
        name: {
          en: 'Cocaine base and coca paste',
          es: 'Base de cocaína y pasta de coca',
          pt: 'Base de cocaína e pasta de coca',
          fr: 'Base de cocaïne et pâte de coca',
        },
      },
      {
        code: 'cannabis_herb',
        name: {
          en: 'Cannabis herb',
          es: 'Hierba de cannabis',
          pt: 'Erva de cannabis',
          fr: 'Herbe de cannabis',
        },
      },
      {
        code: 'cannabis_resin',
        name: {
          en: 'Cannabis resin',
          es: 'Resina de cannabis',
          pt: 'Resina de cannabis',
          fr: 'Résine de cannabis',
        },
      },
      { code: 'heroin', name: { en: 'Heroin', es: 'Heroína', pt: 'Heroína', fr: 'Héroïne' } },
      {
        code: 'methamphetamine',
        name: {
          en: 'Methamphetamine',
          es: 'Metanfetamina',
          pt: 'Metanfetamina',
          fr: 'Méthamphétamine',
        },
      },
      {
        code: 'synthetic_other',
        name: {
          en: 'Other synthetic drugs',
          es: 'Otras drogas sintéticas',
          pt: 'Outras drogas sintéticas',
          fr: 'Autres drogues de synthèse',
        },
      },
      {
        code: 'other',
        name: { en: 'Other drugs', es: 'Otras drogas', pt: 'Outras drogas', fr: 'Autres drogues' },
      },
    ],
  },
  {
    code: 'offence',
    name: {
      en: 'Most serious offence',
      es: 'Delito más grave',
      pt: 'Crime mais grave',
      fr: 'Infraction la plus grave',
    },
    categories: [
      {
        code: 'drug',
        name: {
          en: 'Drug-related offences',
          es: 'Delitos relacionados con drogas',
          pt: 'Crimes relacionados a drogas',
          fr: 'Infractions liées aux drogues',
        },
      },
      {
        code: 'violent',
        name: {
          en: 'Violent offences',
          es: 'Delitos violentos',
          pt: 'Crimes violentos',
          fr: 'Infractions avec violence',
        },
      },
      {
        code: 'property',
        name: {
          en: 'Property offences',
          es: 'Delitos contra la propiedad',
          pt: 'Crimes contra o patrimônio',
          fr: 'Atteintes aux biens',
        },
      },
      {
        code: 'other',
        name: {
          en: 'Other offences',
          es: 'Otros delitos',
          pt: 'Outros crimes',
          fr: 'Autres infractions',
        },
      },
    ],
  },
  {
    code: 'detention',
    name: {
      en: 'Detention status',
      es: 'Situación jurídica',
      pt: 'Situação processual',
      fr: 'Statut de détention',
    },
    categories: [
      {
        code: 'sentenced',
        name: { en: 'Sentenced', es: 'Sentenciados', pt: 'Condenados', fr: 'Condamnés' },
      },
      {
        code: 'unsentenced',
        name: {
          en: 'Unsentenced (pre-trial)',
          es: 'Sin sentencia (prisión preventiva)',
          pt: 'Sem condenação (presos provisórios)',
          fr: 'Non condamnés (prévenus)',
        },
      },
    ],
  },
];
