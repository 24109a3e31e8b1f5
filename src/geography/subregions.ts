import type { OrgUnit } from './org-unit.ts';

/**
 * The root of the hierarchy and the four UN M49 subregions of the Americas.
 *
 * Names follow the UN M49 standard (unstats.un.org/unsd/methodology/m49) in the UN languages it is
 * published in (English, Spanish, French): "Northern America" is "América septentrional" /
 * "Amérique septentrionale" there, not "América del Norte" (which in UN usage would include
 * Central America and the Caribbean, M49 003). M49 is not published in Portuguese: the Portuguese
 * names follow the same pattern ("América Setentrional") so the four languages stay parallel.
 *
 * M49 places Mexico in Central America, and the Guianas (Guyana, Suriname) in South America.
 * The M49 intermediate level "Latin America and the Caribbean" (419) is not a level of this
 * hierarchy: Central America, the Caribbean and South America hang directly under the Americas.
 */

export const AMERICAS_CODE = 'AME';

export const AMERICAS: OrgUnit = {
  code: AMERICAS_CODE,
  parentCode: null,
  level: 'americas',
  name: { en: 'Americas', es: 'Américas', pt: 'Américas', fr: 'Amériques' },
  validFrom: null,
  validTo: null,
  externalCodes: { m49: '019' },
};

export const SUBREGION_CODES = ['NAM', 'CAM', 'CAR', 'SAM'] as const;
export type SubregionCode = (typeof SUBREGION_CODES)[number];

export function isSubregionCode(code: string): code is SubregionCode {
  return (SUBREGION_CODES as readonly string[]).includes(code);
}

function subregion(code: SubregionCode, m49: string, name: OrgUnit['name']): OrgUnit {
  return {
    code,
    parentCode: AMERICAS_CODE,
    level: 'subregion',
    name,
    validFrom: null,
    validTo: null,
    externalCodes: { m49 },
  };
}

/** The four M49 subregions, in the order of `SUBREGION_CODES` (north to south). */
export const SUBREGIONS: readonly OrgUnit[] = [
  subregion('NAM', '021', {
    en: 'Northern America',
    es: 'América septentrional',
    pt: 'América Setentrional',
    fr: 'Amérique septentrionale',
  }),
  subregion('CAM', '013', {
    en: 'Central America',
    es: 'Centroamérica',
    pt: 'América Central',
    fr: 'Amérique centrale',
  }),
  subregion('CAR', '029', {
    en: 'Caribbean',
    es: 'Caribe',
    pt: 'Caribe',
    fr: 'Caraïbes',
  }),
  subregion('SAM', '005', {
    en: 'South America',
    es: 'América del Sur',
    pt: 'América do Sul',
    fr: 'Amérique du Sud',
  }),
];
