import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../kernel/errors.ts';
import type { OrgUnit, OrgUnitGroup, OrgUnitLevel } from './org-unit.ts';
import { LANGUAGES } from '../kernel/i18n.ts';
import {
  OrgUnitIndex,
  findGroupIssues,
  findHierarchyIssues,
  groupMembersAt,
  unitsValidAt,
  validateGroups,
  validateHierarchy,
  type HierarchyRule,
} from './hierarchy.ts';
import { AMERICAS, SUBREGIONS, SUBREGION_CODES } from './subregions.ts';
import {
  MEMBERSHIP_NOTES,
  MEMBER_STATES,
  OAS_ORG_UNITS,
  isMemberStateCode,
  memberState,
  memberStateCodes,
} from './member-states.ts';
import { ANDEAN_COMMUNITY, CARICOM, INTEGRATION_GROUPS, MERCOSUR, SICA } from './groups.ts';

function unit(
  code: string,
  level: OrgUnitLevel,
  parentCode: string | null,
  validFrom: string | null = null,
  validTo: string | null = null,
): OrgUnit {
  return {
    code,
    level,
    parentCode,
    validFrom,
    validTo,
    name: { en: code, es: code, pt: code, fr: code },
  };
}

/** The OAS hierarchy plus a few Mexican subnational units. */
const WITH_SUBNATIONAL: readonly OrgUnit[] = [
  ...OAS_ORG_UNITS,
  unit('MEX.09', 'division', 'MEX'),
  unit('MEX.09015', 'municipality', 'MEX.09'),
  unit('MEX.09016', 'municipality', 'MEX.09', null, '2005-01-01'),
  unit('MEX.09017', 'municipality', 'MEX.09', '2005-01-01'),
  unit('MEX.14', 'division', 'MEX'),
];

function rulesOf(units: readonly OrgUnit[]): HierarchyRule[] {
  return findHierarchyIssues(units).map((issue) => issue.rule);
}

describe('the OAS hierarchy data', () => {
  it('validates: the Americas, 4 subregions and 35 member states', () => {
    expect(findHierarchyIssues(OAS_ORG_UNITS)).toEqual([]);
    expect(() => validateHierarchy(OAS_ORG_UNITS)).not.toThrow();
    expect(OAS_ORG_UNITS).toHaveLength(40);
    expect(MEMBER_STATES).toHaveLength(35);
    expect(SUBREGIONS.map((s) => s.code)).toEqual([...SUBREGION_CODES]);
  });

  it('gives every member state one of the four subregions as parent', () => {
    for (const state of MEMBER_STATES) {
      expect(SUBREGION_CODES as readonly (string | null)[]).toContain(state.parentCode);
      expect(state.level).toBe('member_state');
      expect(state.validFrom).toBeNull();
      expect(state.validTo).toBeNull();
    }
  });

  it('counts the member states per M49 subregion (Mexico in Central America)', () => {
    const index = new OrgUnitIndex(OAS_ORG_UNITS);
    const counts = Object.fromEntries(SUBREGION_CODES.map((code) => [code, index.children(code).length]));
    expect(counts).toEqual({ NAM: 2, CAM: 8, CAR: 13, SAM: 12 });
    expect(index.children('NAM').map((u) => u.code)).toEqual(['CAN', 'USA']);
    expect(index.children('CAM').map((u) => u.code)).toContain('MEX');
    expect(index.get('GUY').parentCode).toBe('SAM');
    expect(index.get('SUR').parentCode).toBe('SAM');
    expect(index.get('BLZ').parentCode).toBe('CAM');
    expect(index.get('DOM').parentCode).toBe('CAR');
  });

  it('has unique ISO codes and M49 codes as three-digit strings', () => {
    expect(new Set(memberStateCodes).size).toBe(35);
    const iso2 = MEMBER_STATES.map((s) => s.externalCodes?.['iso2']);
    const m49 = MEMBER_STATES.map((s) => s.externalCodes?.['m49']);
    expect(new Set(iso2).size).toBe(35);
    expect(new Set(m49).size).toBe(35);
    for (const code of iso2) expect(code).toMatch(/^[A-Z]{2}$/);
    for (const code of m49) expect(code).toMatch(/^\d{3}$/);
    for (const s of SUBREGIONS) expect(s.externalCodes?.['m49']).toMatch(/^\d{3}$/);
    expect(AMERICAS.externalCodes?.['m49']).toBe('019');
  });

  it('names every unit in four languages, uniquely within each language', () => {
    for (const language of LANGUAGES) {
      const names = OAS_ORG_UNITS.map((u) => u.name[language]);
      for (const name of names) expect(name.trim()).toBe(name);
      for (const name of names) expect(name.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
    }
    expect(memberState('HTI')?.name.fr).toBe('Haïti');
    expect(memberState('PER')?.name.fr).toBe('Pérou');
    expect(memberState('BRA')?.name).toEqual({
      en: 'Brazil',
      es: 'Brasil',
      pt: 'Brasil',
      fr: 'Brésil',
    });
    expect(memberState('USA')?.name.es).toBe('Estados Unidos');
    expect(memberState('KNA')?.name.fr).toBe('Saint-Christophe-et-Niévès');
    expect(SUBREGIONS.find((s) => s.code === 'NAM')?.name.es).toBe('América septentrional');
  });

  it('keeps Cuba and Nicaragua among the 35, with membership notes in four languages', () => {
    expect(isMemberStateCode('CUB')).toBe(true);
    expect(isMemberStateCode('NIC')).toBe(true);
    expect(isMemberStateCode('MSR')).toBe(false);
    expect(Object.keys(MEMBERSHIP_NOTES).sort()).toEqual(['CUB', 'NIC']);
    for (const note of Object.values(MEMBERSHIP_NOTES)) {
      for (const language of LANGUAGES) expect(note[language].length).toBeGreaterThan(40);
    }
    expect(MEMBERSHIP_NOTES.CUB.en).toContain('1962');
    expect(MEMBERSHIP_NOTES.CUB.en).toContain('2009');
    expect(MEMBERSHIP_NOTES.NIC.es).toContain('noviembre de 2023');
  });
});

describe('OrgUnitIndex', () => {
  const index = OrgUnitIndex.validated(WITH_SUBNATIONAL);

  it('finds units and refuses unknown codes', () => {
    expect(index.size).toBe(45);
    expect(index.has('MEX.09')).toBe(true);
    expect(index.find('XXX')).toBeUndefined();
    expect(() => index.get('XXX')).toThrow(NotFoundError);
    expect(() => index.children('XXX')).toThrow(NotFoundError);
    expect(() => index.ancestors('XXX')).toThrow(NotFoundError);
  });

  it('lists children, optionally on a date', () => {
    expect(index.children('AME').map((u) => u.code)).toEqual(['NAM', 'CAM', 'CAR', 'SAM']);
    expect(index.children('MEX').map((u) => u.code)).toEqual(['MEX.09', 'MEX.14']);
    expect(index.children('MEX.09').map((u) => u.code)).toEqual(['MEX.09015', 'MEX.09016', 'MEX.09017']);
    expect(index.children('MEX.09', '2004-12-31').map((u) => u.code)).toEqual(['MEX.09015', 'MEX.09016']);
    expect(index.children('MEX.09', '2005-01-01').map((u) => u.code)).toEqual(['MEX.09015', 'MEX.09017']);
    expect(index.children('MEX.09015')).toEqual([]);
    expect(() => index.children('MEX.09', '2005-13-01')).toThrow(ValidationError);
  });

  it('lists ancestors from the parent up to the root', () => {
    expect(index.ancestors('MEX.09015').map((u) => u.code)).toEqual(['MEX.09', 'MEX', 'CAM', 'AME']);
    expect(index.ancestors('AME')).toEqual([]);
  });

  it('lists descendants, by level and on a date', () => {
    expect(index.descendants('MEX').map((u) => u.code)).toEqual([
      'MEX.09',
      'MEX.09015',
      'MEX.09016',
      'MEX.09017',
      'MEX.14',
    ]);
    expect(index.descendants('AME', 'member_state')).toHaveLength(35);
    expect(index.descendants('CAR', 'member_state')).toHaveLength(13);
    expect(index.descendants('CAM', 'municipality', '2010-06-30').map((u) => u.code)).toEqual([
      'MEX.09015',
      'MEX.09017',
    ]);
    expect(index.descendants('AME')).toHaveLength(44);
  });

  it('finds the member state of a unit', () => {
    expect(index.memberStateOf('MEX.09015')?.code).toBe('MEX');
    expect(index.memberStateOf('MEX.09')?.code).toBe('MEX');
    expect(index.memberStateOf('MEX')?.code).toBe('MEX');
    expect(index.memberStateOf('CAM')).toBeUndefined();
    expect(index.memberStateOf('AME')).toBeUndefined();
  });

  it('lists the units valid on a date: validFrom ≤ d < validTo', () => {
    const codes = (date: string): string[] => index.unitsValidAt(date).map((u) => u.code);
    expect(codes('2004-12-31')).toContain('MEX.09016');
    expect(codes('2004-12-31')).not.toContain('MEX.09017');
    expect(codes('2005-01-01')).not.toContain('MEX.09016');
    expect(codes('2005-01-01')).toContain('MEX.09017');
    expect(codes('2005-01-01')).toHaveLength(44);
    expect(unitsValidAt(WITH_SUBNATIONAL, '1990-01-01')).toHaveLength(44);
    expect(() => unitsValidAt(WITH_SUBNATIONAL, '2005-1-1')).toThrow(ValidationError);
    expect(index.all()).toHaveLength(45);
  });
});

describe('validateHierarchy', () => {
  const base = [...OAS_ORG_UNITS, unit('MEX.09', 'division', 'MEX', '1990-01-01', '2020-01-01')];

  it('reports a duplicate code', () => {
    expect(rulesOf([...base, unit('MEX', 'member_state', 'CAM')])).toEqual(['duplicate_code']);
  });

  it('reports code formats for every level', () => {
    expect(rulesOf([...base, unit('mex.10', 'division', 'MEX')])).toEqual(['code_format']);
    expect(rulesOf([...base, unit('MEX10', 'division', 'MEX')])).toEqual(['code_format']);
    expect(rulesOf([...base, unit('MEX.', 'division', 'MEX')])).toEqual(['code_format']);
    expect(
      rulesOf([...base, unit('MEX.09.1', 'municipality', 'MEX.09', '1995-01-01', '2000-01-01')]),
    ).toEqual(['code_format']);
    expect(rulesOf([...base, unit('XK', 'member_state', 'CAM')])).toEqual(['code_format']);
    expect(rulesOf([...base, unit('Xkx', 'member_state', 'CAM')])).toEqual(['code_format']);
    expect(rulesOf([...base, unit('ANDES', 'subregion', 'AME')])).toEqual(['code_format']);
    const otherRoot = OAS_ORG_UNITS.map((u) =>
      u.level === 'americas'
        ? { ...u, code: 'AMR' }
        : u.parentCode === 'AME'
          ? { ...u, parentCode: 'AMR' }
          : u,
    );
    expect(rulesOf(otherRoot)).toEqual(['code_format']);
    const ameAsSubregion = findHierarchyIssues([...base, unit('AME', 'subregion', 'AME')]);
    expect(ameAsSubregion.map((i) => i.rule)).toContain('code_format');
  });

  it('reports a subnational code whose prefix is not its member state', () => {
    const issues = findHierarchyIssues([...base, unit('GTM.01', 'division', 'MEX')]);
    expect(issues.map((i) => i.rule)).toEqual(['code_prefix']);
    expect(issues[0]?.message).toContain('MEX.');
    expect(
      rulesOf([...base, unit('GTM.0901', 'municipality', 'MEX.09', '1995-01-01', '2000-01-01')]),
    ).toEqual(['code_prefix']);
  });

  it('reports malformed dates and validFrom ≥ validTo', () => {
    expect(rulesOf([...base, unit('MEX.10', 'division', 'MEX', '2001-02-29')])).toEqual(['date_format']);
    expect(rulesOf([...base, unit('MEX.10', 'division', 'MEX', null, '2001/01/01')])).toEqual([
      'date_format',
    ]);
    expect(rulesOf([...base, unit('MEX.10', 'division', 'MEX', '2001-01-01', '2001-01-01')])).toEqual([
      'validity_order',
    ]);
    expect(rulesOf([...base, unit('MEX.10', 'division', 'MEX', '2002-01-01', '2001-01-01')])).toEqual([
      'validity_order',
    ]);
  });

  it('reports parents: the root has none, others need an existing one', () => {
    expect(rulesOf([{ ...AMERICAS, parentCode: 'NAM' }, ...OAS_ORG_UNITS.slice(1)])).toEqual([
      'root_parent',
      'cycle',
    ]);
    expect(rulesOf([...base, unit('MEX.10', 'division', null)])).toEqual(['missing_parent']);
    expect(rulesOf([...base, unit('MEX.10', 'division', 'MEX.99')])).toEqual(['unknown_parent']);
  });

  it('reports a parent that is not exactly one level above', () => {
    const issues = findHierarchyIssues([...base, unit('MEX.09001', 'municipality', 'MEX')]);
    expect(issues.map((i) => i.rule)).toEqual(['parent_level']);
    expect(issues[0]?.message).toBe(
      'MEX.09001: the parent of a municipality must be a division, but MEX is a member_state',
    );
    expect(rulesOf([...base, unit('XXX', 'member_state', 'AME')])).toEqual(['parent_level']);
  });

  it('reports a child valid outside its parent', () => {
    const inside = unit('MEX.0901', 'municipality', 'MEX.09', '1990-01-01', '2020-01-01');
    expect(rulesOf([...base, inside])).toEqual([]);
    for (const [from, to] of [
      [null, '2010-01-01'],
      ['1989-12-31', '2010-01-01'],
      ['2000-01-01', null],
      ['2000-01-01', '2020-01-02'],
    ] as const) {
      expect(rulesOf([...base, unit('MEX.0901', 'municipality', 'MEX.09', from, to)])).toEqual([
        'validity_outside_parent',
      ]);
    }
  });

  it('reports a cycle', () => {
    const issues = findHierarchyIssues([
      ...OAS_ORG_UNITS,
      unit('MEX.01', 'division', 'MEX.02'),
      unit('MEX.02', 'division', 'MEX.01'),
    ]);
    expect(issues.map((i) => i.rule)).toEqual(['parent_level', 'parent_level', 'cycle']);
    expect(issues[2]?.message).toBe('MEX.01: parents form a cycle: MEX.01 → MEX.02 → MEX.01');
    const index = new OrgUnitIndex([
      ...OAS_ORG_UNITS,
      unit('MEX.01', 'division', 'MEX.02'),
      unit('MEX.02', 'division', 'MEX.01'),
    ]);
    expect(() => index.ancestors('MEX.01')).toThrow(ValidationError);
  });

  it('throws one ValidationError listing every problem', () => {
    const broken = [
      ...base,
      unit('MEX', 'member_state', 'CAM'),
      unit('MEX.10', 'division', 'MEX.99'),
      unit('mex.11', 'division', 'MEX', '2010-01-01', '2000-01-01'),
    ];
    let error: unknown;
    try {
      validateHierarchy(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.issues.map((i) => (i as { rule?: string }).rule)).toEqual([
      'duplicate_code',
      'unknown_parent',
      'code_format',
      'validity_order',
    ]);
    expect(validation.message).toContain('The org-unit hierarchy has 4 problems:');
    expect(validation.message).toContain('(parentCode): MEX.10: the parent MEX.99 does not exist');
    expect(() => OrgUnitIndex.validated(broken)).toThrow(ValidationError);
  });
});

describe('integration groups', () => {
  it('validate against the OAS hierarchy', () => {
    expect(findGroupIssues(INTEGRATION_GROUPS, OAS_ORG_UNITS)).toEqual([]);
    expect(() => validateGroups(INTEGRATION_GROUPS, OAS_ORG_UNITS)).not.toThrow();
    expect(INTEGRATION_GROUPS.map((g) => g.code)).toEqual(['SICA', 'CARICOM', 'ANDEAN', 'MERCOSUR']);
    for (const group of INTEGRATION_GROUPS) {
      expect(group.kind).toBe('integration');
      for (const language of LANGUAGES) expect(group.name[language].length).toBeGreaterThan(0);
    }
  });

  it('SICA has 8 members today; the Dominican Republic from 2013-06-27', () => {
    expect(groupMembersAt(SICA, '2025-01-01').sort()).toEqual(
      ['BLZ', 'CRI', 'DOM', 'GTM', 'HND', 'NIC', 'PAN', 'SLV'].sort(),
    );
    expect(groupMembersAt(SICA, '2013-06-26')).not.toContain('DOM');
    expect(groupMembersAt(SICA, '2013-06-27')).toContain('DOM');
  });

  it('CARICOM has the 14 OAS member states among its full members (not Montserrat)', () => {
    const today = groupMembersAt(CARICOM, '2025-01-01');
    expect(today).toHaveLength(14);
    expect(today).not.toContain('MSR');
    for (const code of today) expect(isMemberStateCode(code)).toBe(true);
    expect(groupMembersAt(CARICOM, '1973-08-01').sort()).toEqual(['BRB', 'GUY', 'JAM', 'TTO']);
    expect(groupMembersAt(CARICOM, '2002-07-01')).not.toContain('HTI');
    expect(groupMembersAt(CARICOM, '2002-07-02')).toContain('HTI');
  });

  it('the Andean Community had Chile until 1976 and Venezuela until 2006', () => {
    expect(groupMembersAt(ANDEAN_COMMUNITY, '1975-01-01').sort()).toEqual(
      ['BOL', 'CHL', 'COL', 'ECU', 'PER', 'VEN'].sort(),
    );
    expect(groupMembersAt(ANDEAN_COMMUNITY, '1976-10-30')).not.toContain('CHL');
    expect(groupMembersAt(ANDEAN_COMMUNITY, '2006-04-21')).toContain('VEN');
    expect(groupMembersAt(ANDEAN_COMMUNITY, '2006-04-22').sort()).toEqual(['BOL', 'COL', 'ECU', 'PER']);
  });

  it('MERCOSUR: Venezuela 2012-07-31 until its suspension on 2016-12-01; Bolivia from 2024-07-08', () => {
    expect(groupMembersAt(MERCOSUR, '1991-03-25')).toEqual([]);
    expect(groupMembersAt(MERCOSUR, '1991-03-26')).toEqual(['ARG', 'BRA', 'PRY', 'URY']);
    expect(groupMembersAt(MERCOSUR, '2015-06-30')).toContain('VEN');
    expect(groupMembersAt(MERCOSUR, '2016-12-01')).not.toContain('VEN');
    expect(groupMembersAt(MERCOSUR, '2024-07-07')).not.toContain('BOL');
    expect(groupMembersAt(MERCOSUR, '2024-07-08')).toEqual(['ARG', 'BOL', 'BRA', 'PRY', 'URY']);
    expect(() => groupMembersAt(MERCOSUR, 'today')).toThrow(ValidationError);
  });

  it('reports every group problem', () => {
    const bad: OrgUnitGroup = {
      code: 'X',
      kind: 'custom',
      name: { en: 'X', es: 'X', pt: 'X', fr: 'X' },
      members: [
        { unitCode: 'MSR', validFrom: null, validTo: null },
        { unitCode: 'ARG', validFrom: '2000-01-01', validTo: '2010-01-01' },
        { unitCode: 'ARG', validFrom: '2009-01-01', validTo: null },
        { unitCode: 'BRA', validFrom: '2010-01-01', validTo: '2000-01-01' },
        { unitCode: 'CHL', validFrom: '2000-1-1', validTo: null },
        // leaving and rejoining is fine:
        { unitCode: 'PRY', validFrom: null, validTo: '2012-06-29' },
        { unitCode: 'PRY', validFrom: '2013-08-15', validTo: null },
      ],
    };
    const issues = findGroupIssues([bad, bad], OAS_ORG_UNITS);
    expect(issues.slice(0, 4).map((i) => i.rule)).toEqual([
      'unknown_unit',
      'overlapping_membership',
      'validity_order',
      'date_format',
    ]);
    expect(issues.map((i) => i.rule)).toContain('duplicate_group');
    expect(() => validateGroups([bad], OAS_ORG_UNITS)).toThrow(/The org-unit groups have 4 problems/);
    expect(groupMembersAt(bad, '2012-07-01')).not.toContain('PRY');
    expect(groupMembersAt(bad, '2009-06-01').filter((c) => c === 'ARG')).toHaveLength(1);
  });
});
