import type { LocalizedText } from '../kernel/i18n.ts';
import type { OrgUnit } from './org-unit.ts';
import { AMERICAS, SUBREGIONS, type SubregionCode } from './subregions.ts';

/**
 * The 35 member states of the Organization of American States, as units of the hierarchy.
 *
 * - `code` is ISO 3166-1 alpha-3; `externalCodes.iso2` is ISO 3166-1 alpha-2 and
 *   `externalCodes.m49` the UN M49 numeric code (the same three digits as ISO 3166-1 numeric).
 * - `parentCode` is the UN M49 subregion (see subregions.ts): Mexico is in Central America, the
 *   Guianas in South America, as in M49.
 * - Names are the short common names the OAS uses in its four official languages.
 * - `validFrom`/`validTo` are the validity of the territory as a unit of the hierarchy, not of OAS
 *   membership: they are open (`null`) for all 35. Membership history is in `MEMBERSHIP_NOTES`.
 *
 * Checked against ISO 3166 / M49 by member-states.data.test.ts when the shared ISO 3166 file is
 * present.
 */

type Row = readonly [
  iso3: string,
  iso2: string,
  m49: string,
  subregion: SubregionCode,
  en: string,
  es: string,
  pt: string,
  fr: string,
];

// prettier-ignore
const ROWS = [
  ['ATG', 'AG', '028', 'CAR', 'Antigua and Barbuda', 'Antigua y Barbuda', 'Antígua e Barbuda', 'Antigua-et-Barbuda'],
  ['ARG', 'AR', '032', 'SAM', 'Argentina', 'Argentina', 'Argentina', 'Argentine'],
  ['BHS', 'BS', '044', 'CAR', 'Bahamas', 'Bahamas', 'Bahamas', 'Bahamas'],
  ['BRB', 'BB', '052', 'CAR', 'Barbados', 'Barbados', 'Barbados', 'Barbade'],
  ['BLZ', 'BZ', '084', 'CAM', 'Belize', 'Belice', 'Belize', 'Belize'],
  ['BOL', 'BO', '068', 'SAM', 'Bolivia', 'Bolivia', 'Bolívia', 'Bolivie'],
  ['BRA', 'BR', '076', 'SAM', 'Brazil', 'Brasil', 'Brasil', 'Brésil'],
  ['CAN', 'CA', '124', 'NAM', 'Canada', 'Canadá', 'Canadá', 'Canada'],
  ['CHL', 'CL', '152', 'SAM', 'Chile', 'Chile', 'Chile', 'Chili'],
  ['COL', 'CO', '170', 'SAM', 'Colombia', 'Colombia', 'Colômbia', 'Colombie'],
  ['CRI', 'CR', '188', 'CAM', 'Costa Rica', 'Costa Rica', 'Costa Rica', 'Costa Rica'],
  ['CUB', 'CU', '192', 'CAR', 'Cuba', 'Cuba', 'Cuba', 'Cuba'],
  ['DMA', 'DM', '212', 'CAR', 'Dominica', 'Dominica', 'Dominica', 'Dominique'],
  ['DOM', 'DO', '214', 'CAR', 'Dominican Republic', 'República Dominicana', 'República Dominicana', 'République dominicaine'],
  ['ECU', 'EC', '218', 'SAM', 'Ecuador', 'Ecuador', 'Equador', 'Équateur'],
  ['SLV', 'SV', '222', 'CAM', 'El Salvador', 'El Salvador', 'El Salvador', 'El Salvador'],
  ['GRD', 'GD', '308', 'CAR', 'Grenada', 'Granada', 'Granada', 'Grenade'],
  ['GTM', 'GT', '320', 'CAM', 'Guatemala', 'Guatemala', 'Guatemala', 'Guatemala'],
  ['GUY', 'GY', '328', 'SAM', 'Guyana', 'Guyana', 'Guiana', 'Guyana'],
  ['HTI', 'HT', '332', 'CAR', 'Haiti', 'Haití', 'Haiti', 'Haïti'],
  ['HND', 'HN', '340', 'CAM', 'Honduras', 'Honduras', 'Honduras', 'Honduras'],
  ['JAM', 'JM', '388', 'CAR', 'Jamaica', 'Jamaica', 'Jamaica', 'Jamaïque'],
  ['MEX', 'MX', '484', 'CAM', 'Mexico', 'México', 'México', 'Mexique'],
  ['NIC', 'NI', '558', 'CAM', 'Nicaragua', 'Nicaragua', 'Nicarágua', 'Nicaragua'],
  ['PAN', 'PA', '591', 'CAM', 'Panama', 'Panamá', 'Panamá', 'Panama'],
  ['PRY', 'PY', '600', 'SAM', 'Paraguay', 'Paraguay', 'Paraguai', 'Paraguay'],
  ['PER', 'PE', '604', 'SAM', 'Peru', 'Perú', 'Peru', 'Pérou'],
  ['KNA', 'KN', '659', 'CAR', 'Saint Kitts and Nevis', 'Saint Kitts y Nevis', 'São Cristóvão e Névis', 'Saint-Christophe-et-Niévès'],
  ['LCA', 'LC', '662', 'CAR', 'Saint Lucia', 'Santa Lucía', 'Santa Lúcia', 'Sainte-Lucie'],
  ['VCT', 'VC', '670', 'CAR', 'Saint Vincent and the Grenadines', 'San Vicente y las Granadinas', 'São Vicente e Granadinas', 'Saint-Vincent-et-les-Grenadines'],
  ['SUR', 'SR', '740', 'SAM', 'Suriname', 'Suriname', 'Suriname', 'Suriname'],
  ['TTO', 'TT', '780', 'CAR', 'Trinidad and Tobago', 'Trinidad y Tobago', 'Trinidad e Tobago', 'Trinité-et-Tobago'],
  ['USA', 'US', '840', 'NAM', 'United States', 'Estados Unidos', 'Estados Unidos', 'États-Unis'],
  ['URY', 'UY', '858', 'SAM', 'Uruguay', 'Uruguay', 'Uruguai', 'Uruguay'],
  ['VEN', 'VE', '862', 'SAM', 'Venezuela', 'Venezuela', 'Venezuela', 'Venezuela'],
] as const satisfies readonly Row[];

/** ISO 3166-1 alpha-3 code of an OAS member state. */
export type MemberStateCode = (typeof ROWS)[number][0];

/** The 35 member states, alphabetical by English name (the OAS order). */
export const MEMBER_STATES: readonly OrgUnit[] = ROWS.map(
  ([iso3, iso2, m49, subregion, en, es, pt, fr]): OrgUnit => ({
    code: iso3,
    parentCode: subregion,
    level: 'member_state',
    name: { en, es, pt, fr },
    validFrom: null,
    validTo: null,
    externalCodes: { iso2, m49 },
  }),
);

/** The alpha-3 codes of the 35 member states, in the order of `MEMBER_STATES`. */
export const memberStateCodes: readonly MemberStateCode[] = ROWS.map((row) => row[0]);

const MEMBER_STATE_CODE_SET: ReadonlySet<string> = new Set(memberStateCodes);

export function isMemberStateCode(code: string): code is MemberStateCode {
  return MEMBER_STATE_CODE_SET.has(code);
}

/** The member state with this alpha-3 code, or `undefined`. */
export function memberState(code: string): OrgUnit | undefined {
  return MEMBER_STATES.find((unit) => unit.code === code);
}

/** The whole default hierarchy: the Americas, the four subregions and the 35 member states. */
export const OAS_ORG_UNITS: readonly OrgUnit[] = [AMERICAS, ...SUBREGIONS, ...MEMBER_STATES];

/**
 * Member states whose participation in the OAS differs from full, active membership. Both stay
 * in the list of 35 — data before (and, for national observatories, after) the change remain
 * comparable — but reports should say so.
 *
 * Not recorded here: Venezuela. Its government notified denunciation of the Charter in April 2017
 * (to take effect in April 2019); in April 2019 the Permanent Council accepted a representative
 * appointed by the National Assembly, and the OAS continues to list Venezuela among its 35 member
 * states. Whether to add a note is a policy decision for the Secretariat.
 */
export const MEMBERSHIP_NOTES = {
  /**
   * Cuba: member since 1948 (original signatory of the Charter). The Eighth Meeting of
   * Consultation of Ministers of Foreign Affairs (Punta del Este, January 1962) excluded the
   * Government of Cuba from participation; resolution AG/RES. 2438 (XXXIX-O/09) of the General
   * Assembly (San Pedro Sula, 3 June 2009) lifted that exclusion, leaving any return to a dialogue
   * at Cuba's request. Cuba has not resumed participation.
   */
  CUB: {
    en: 'Member since 1948. The Government of Cuba was excluded from participation in the OAS in 1962 (Eighth Meeting of Consultation of Ministers of Foreign Affairs, Punta del Este); the General Assembly lifted that exclusion in 2009 (AG/RES. 2438 (XXXIX-O/09), San Pedro Sula), but Cuba has not resumed its participation.',
    es: 'Miembro desde 1948. En 1962 el Gobierno de Cuba fue excluido de la participación en la OEA (Octava Reunión de Consulta de Ministros de Relaciones Exteriores, Punta del Este); la Asamblea General dejó sin efecto esa exclusión en 2009 (AG/RES. 2438 (XXXIX-O/09), San Pedro Sula), pero Cuba no ha reanudado su participación.',
    pt: 'Membro desde 1948. Em 1962 o Governo de Cuba foi excluído da participação na OEA (Oitava Reunião de Consulta dos Ministros das Relações Exteriores, Punta del Este); a Assembleia Geral revogou essa exclusão em 2009 (AG/RES. 2438 (XXXIX-O/09), San Pedro Sula), mas Cuba não retomou sua participação.',
    fr: "Membre depuis 1948. En 1962, le Gouvernement de Cuba a été exclu de la participation à l'OEA (Huitième Réunion de consultation des ministres des Relations extérieures, Punta del Este) ; l'Assemblée générale a levé cette exclusion en 2009 (AG/RES. 2438 (XXXIX-O/09), San Pedro Sula), mais Cuba n'a pas repris sa participation.",
  },
  /**
   * Nicaragua: member from 1948 (original signatory of the Charter). It notified its denunciation of the Charter on 19 November 2021;
   * under Article 143 a denunciation takes effect two years after notice, so it took effect on
   * 19 November 2023.
   */
  NIC: {
    en: 'Member from 1948 to 2023. Nicaragua notified its denunciation of the OAS Charter on 19 November 2021; under Article 143 the denunciation took effect two years later, on 19 November 2023. It is kept in the list so that historical data remain comparable.',
    es: 'Miembro de 1948 a 2023. Nicaragua notificó la denuncia de la Carta de la OEA el 19 de noviembre de 2021; conforme al artículo 143, la denuncia surtió efecto dos años después, el 19 de noviembre de 2023. Se mantiene en la lista para conservar la comparabilidad de los datos históricos.',
    pt: 'Membro de 1948 a 2023. A Nicarágua notificou a denúncia da Carta da OEA em 19 de novembro de 2021; conforme o artigo 143, a denúncia produziu efeito dois anos depois, em 19 de novembro de 2023. Mantém-se na lista para preservar a comparabilidade dos dados históricos.',
    fr: "Membre de 1948 à 2023. Le Nicaragua a notifié la dénonciation de la Charte de l'OEA le 19 novembre 2021 ; conformément à l'article 143, la dénonciation a pris effet deux ans plus tard, le 19 novembre 2023. Il reste dans la liste afin de préserver la comparabilité des données historiques.",
  },
} as const satisfies Partial<Record<MemberStateCode, LocalizedText>>;
