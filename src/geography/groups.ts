import type { GroupMembership, OrgUnitGroup } from './org-unit.ts';
import type { MemberStateCode } from './member-states.ts';

/**
 * Subregional integration bodies, as groups beside the hierarchy. Membership rows carry the dates
 * a member state belonged to the body (`validFrom` inclusive, `validTo` exclusive), so a group
 * aggregate for 2005 uses the members of 2005. Only OAS member states are listed (CARICOM's
 * Montserrat, a British territory, is not a unit of this hierarchy).
 *
 * Dates are from the bodies' founding treaties and accession records as known to the author;
 * those whose day is not certain are marked UNCERTAIN below and should be checked against the
 * bodies' own records before they are used for anything finer than a year.
 */

function member(
  unitCode: MemberStateCode,
  validFrom: string | null,
  validTo: string | null = null,
): GroupMembership {
  return { unitCode, validFrom, validTo };
}

/**
 * SICA — Central American Integration System. Protocol of Tegucigalpa signed 1991-12-13; SICA
 * began operating on 1993-02-01, used here as the start for the six founding states.
 * Belize became a full member in 2000 — UNCERTAIN: the year is documented, the day is not;
 * 2000-01-01 is a placeholder. The Dominican Republic was an associated state from 2004 and became
 * a full member on 2013-06-27 (Declaration of San José, 41st summit).
 */
export const SICA: OrgUnitGroup = {
  code: 'SICA',
  kind: 'integration',
  name: {
    en: 'Central American Integration System (SICA)',
    es: 'Sistema de la Integración Centroamericana (SICA)',
    pt: 'Sistema da Integração Centro-Americana (SICA)',
    fr: "Système d'intégration centraméricain (SICA)",
  },
  members: [
    member('BLZ', '2000-01-01'),
    member('CRI', '1993-02-01'),
    member('DOM', '2013-06-27'),
    member('SLV', '1993-02-01'),
    member('GTM', '1993-02-01'),
    member('HND', '1993-02-01'),
    member('NIC', '1993-02-01'),
    member('PAN', '1993-02-01'),
  ],
};

/**
 * CARICOM — Caribbean Community: the 14 full members that are OAS member states (the 15th full
 * member, Montserrat, is a British territory). The Treaty of Chaguaramas (signed 1973-07-04)
 * entered into force on 1973-08-01 for Barbados, Guyana, Jamaica and Trinidad and Tobago; Belize,
 * Dominica, Grenada, Saint Lucia and Saint Vincent and the Grenadines joined on 1974-05-01;
 * Antigua and Barbuda and Saint Kitts and Nevis on 1974-07-04; the Bahamas on 1983-07-04 (member
 * of the Community, not of the Single Market); Suriname on 1995-07-04; Haiti, provisional member
 * from 1999, became a full member on 2002-07-02.
 */
export const CARICOM: OrgUnitGroup = {
  code: 'CARICOM',
  kind: 'integration',
  name: {
    en: 'Caribbean Community (CARICOM)',
    es: 'Comunidad del Caribe (CARICOM)',
    pt: 'Comunidade do Caribe (CARICOM)',
    fr: 'Communauté des Caraïbes (CARICOM)',
  },
  members: [
    member('ATG', '1974-07-04'),
    member('BHS', '1983-07-04'),
    member('BRB', '1973-08-01'),
    member('BLZ', '1974-05-01'),
    member('DMA', '1974-05-01'),
    member('GRD', '1974-05-01'),
    member('GUY', '1973-08-01'),
    member('HTI', '2002-07-02'),
    member('JAM', '1973-08-01'),
    member('KNA', '1974-07-04'),
    member('LCA', '1974-05-01'),
    member('VCT', '1974-05-01'),
    member('SUR', '1995-07-04'),
    member('TTO', '1973-08-01'),
  ],
};

/**
 * Andean Community (Comunidad Andina, CAN; the Andean Pact / Andean Group before the Trujillo
 * Protocol of 1996). Its code here is `ANDEAN`, not `CAN`, which is Canada's ISO alpha-3 code.
 * The Cartagena Agreement (signed 1969-05-26) entered into force on 1969-10-16 for Bolivia, Chile,
 * Colombia, Ecuador and Peru. Venezuela acceded on 1973-02-13 (Lima Consensus) and announced its
 * withdrawal on 2006-04-22 (some of its trade obligations ran on for five years; the membership
 * ends here on the date of the denunciation). Chile withdrew on 1976-10-30. Peru's suspension of
 * its trade-liberalisation obligations (1992–1997) did not end its membership and is not modelled.
 */
export const ANDEAN_COMMUNITY: OrgUnitGroup = {
  code: 'ANDEAN',
  kind: 'integration',
  name: {
    en: 'Andean Community (CAN)',
    es: 'Comunidad Andina (CAN)',
    pt: 'Comunidade Andina (CAN)',
    fr: 'Communauté andine (CAN)',
  },
  members: [
    member('BOL', '1969-10-16'),
    member('CHL', '1969-10-16', '1976-10-30'),
    member('COL', '1969-10-16'),
    member('ECU', '1969-10-16'),
    member('PER', '1969-10-16'),
    member('VEN', '1973-02-13', '2006-04-22'),
  ],
};

/**
 * MERCOSUR — Southern Common Market. The Treaty of Asunción was signed on 1991-03-26 (used as the
 * start; it entered into force on 1991-11-29). Venezuela became a full member on 2012-07-31 and was
 * suspended on 2016-12-01 (and again, under the Ushuaia Protocol, in August 2017). Modelling rule:
 * a suspension ENDS membership validity here, so Venezuela's row ends on 2016-12-01 and a group
 * aggregate after that date leaves it out. Bolivia became a full member on 2024-07-08.
 *
 * Note on consistency: Paraguay was also suspended, from 2012-06-29 to 2013-08-15. Under the same
 * rule its membership would be split into two rows around that gap; it is kept continuous here as
 * the brief specified — a decision for the data owner.
 */
export const MERCOSUR: OrgUnitGroup = {
  code: 'MERCOSUR',
  kind: 'integration',
  name: {
    en: 'Southern Common Market (MERCOSUR)',
    es: 'Mercado Común del Sur (MERCOSUR)',
    pt: 'Mercado Comum do Sul (MERCOSUL)',
    fr: 'Marché commun du Sud (MERCOSUR)',
  },
  members: [
    member('ARG', '1991-03-26'),
    member('BOL', '2024-07-08'),
    member('BRA', '1991-03-26'),
    member('PRY', '1991-03-26'),
    member('URY', '1991-03-26'),
    member('VEN', '2012-07-31', '2016-12-01'),
  ],
};

/** The four integration bodies, in the order SICA, CARICOM, Andean Community, MERCOSUR. */
export const INTEGRATION_GROUPS: readonly OrgUnitGroup[] = [SICA, CARICOM, ANDEAN_COMMUNITY, MERCOSUR];
