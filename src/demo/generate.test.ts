import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRow } from '../data/canonical-row.ts';
import { SEED_SOURCES } from '../data/sources.ts';
import { DEMO_COUNTRY_CODES } from './country-profiles.ts';
import { demoOrgUnits } from './demo-geography.ts';
import type { DemoOptions } from './demo-options.ts';
import { estimateDemoRowCount, estimateDemoRowCounts, generateDemoRows } from './generate.ts';

// The codes of the brief, written out here independently of the generator's own lists.
const SEX = ['F', 'M'];
const DIMENSIONS: Record<string, readonly string[]> = {
  sex: SEX,
  age_group: ['0-14', '15-29', '30-44', '45-59', '60+'],
  weapon: ['firearm', 'sharp_object', 'other'],
  drug: [
    'cocaine_hydrochloride',
    'cocaine_base',
    'cannabis_herb',
    'cannabis_resin',
    'heroin',
    'methamphetamine',
    'synthetic_other',
    'other',
  ],
  offence: ['drug', 'violent', 'property', 'other'],
  detention: ['sentenced', 'unsentenced'],
};
const ELEMENT_DIMENSIONS: Record<string, readonly string[]> = {
  population: ['sex'],
  homicide_victims: ['sex', 'age_group', 'weapon'],
  police_officers: ['sex'],
  police_officers_trained: ['sex'],
  arrests: ['sex'],
  drug_seizures: ['drug'],
  prisoners: ['sex', 'offence', 'detention'],
  released_prisoners: [],
  reconvicted: [],
  social_workers: [],
  prevention_centres: [],
  treatment_centres: [],
  private_security_guards: [],
  trust_police_share: ['sex'],
  trust_justice_share: ['sex'],
  feel_safe_night_share: ['sex'],
  victimisation_share: ['sex'],
  firearms_marked: [],
  firearms_destroyed: [],
};
const SHARES = new Set([
  'trust_police_share',
  'trust_justice_share',
  'feel_safe_night_share',
  'victimisation_share',
]);
const SOURCES = new Set(SEED_SOURCES.map((s) => s.code));
const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

/** Problems of one disaggregation key for an element, or undefined when it is allowed. */
function disaggregationProblem(element: string, key: string): string | undefined {
  if (key === '') return undefined;
  const allowed = ELEMENT_DIMENSIONS[element];
  if (allowed === undefined) return `unknown element ${element}`;
  const pairs = key.split(';').map((pair) => pair.split('='));
  const dims = pairs.map(([dim]) => dim!);
  if ([...dims].sort().join() !== dims.join()) return `dimensions not sorted in ${key}`;
  if (new Set(dims).size !== dims.length) return `repeated dimension in ${key}`;
  for (const [dim, category] of pairs) {
    if (!allowed.includes(dim!)) return `${element} has no dimension ${dim}`;
    if (!DIMENSIONS[dim!]!.includes(category!)) return `${dim} has no category ${category}`;
  }
  return undefined;
}

function rowLine(r: CanonicalRow): string {
  return `${r.element}\t${r.orgUnit}\t${r.period}\t${r.disaggregation}\t${r.source}\t${r.value}\n`;
}

function hashRows(options: DemoOptions, keep: (r: CanonicalRow) => boolean = () => true): string {
  const hash = createHash('sha256');
  for (const r of generateDemoRows(options)) if (keep(r)) hash.update(rowLine(r));
  return hash.digest('hex');
}

function periodSpan(period: string): [string, string] {
  const year = Number(period.slice(0, 4));
  if (period.length === 4) return [`${year}-01-01`, `${year + 1}-01-01`];
  const month = Number(period.slice(5, 7));
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return [`${period}-01`, `${next}-01`];
}

describe('the default demo (all member states, scale 1)', () => {
  let total = 0;
  const byElement = new Map<string, number>();
  const memberStates = new Set<string>();
  const problems: string[] = [];
  const unknownUnits = new Set<string>();
  const units = new Map(demoOrgUnits().map((u) => [u.code, u]));
  const municipalRows = { count: 0 };

  beforeAll(() => {
    const problem = (text: string): void => {
      if (problems.length < 20) problems.push(text);
    };
    const checked = new Set<string>();
    for (const r of generateDemoRows()) {
      total++;
      byElement.set(r.element, (byElement.get(r.element) ?? 0) + 1);
      if (r.orgUnit.length === 3) memberStates.add(r.orgUnit);
      else {
        const unit = units.get(r.orgUnit);
        if (unit === undefined) unknownUnits.add(r.orgUnit);
        else {
          if (unit.level === 'municipality') municipalRows.count++;
          const [start, end] = periodSpan(r.period);
          if (
            (unit.validFrom !== null && start < unit.validFrom) ||
            (unit.validTo !== null && end > unit.validTo)
          ) {
            problem(`${r.orgUnit} not valid in ${r.period}`);
          }
        }
      }
      const combination = `${r.element}|${r.disaggregation}|${r.source}|${r.period.length}`;
      if (!checked.has(combination)) {
        checked.add(combination);
        const issue = disaggregationProblem(r.element, r.disaggregation);
        if (issue !== undefined) problem(issue);
        if (!SOURCES.has(r.source)) problem(`unknown source ${r.source}`);
        if (!PERIOD.test(r.period)) problem(`bad period ${r.period}`);
      }
      if (!Number.isFinite(r.value) || r.value < 0) problem(`bad value ${rowLine(r)}`);
      else if (SHARES.has(r.element)) {
        if (r.value > 100) problem(`share above 100: ${rowLine(r)}`);
      } else if (r.element !== 'drug_seizures' && !Number.isInteger(r.value)) {
        problem(`not a whole number: ${rowLine(r)}`);
      }
    }
  });

  it('has 1–2.5 million rows, exactly as estimated', () => {
    expect(total).toBeGreaterThan(1_000_000);
    expect(total).toBeLessThanOrEqual(2_500_000);
    expect(total).toBe(estimateDemoRowCount());
    const estimate = estimateDemoRowCounts();
    for (const [element, count] of Object.entries(estimate)) {
      expect(byElement.get(element) ?? 0, element).toBe(count);
    }
  });

  it('covers every member state and every element', () => {
    expect([...memberStates].sort()).toEqual([...DEMO_COUNTRY_CODES].sort());
    expect(memberStates.size).toBe(35);
    expect([...byElement.keys()].sort()).toEqual(Object.keys(ELEMENT_DIMENSIONS).sort());
  });

  it('uses only the listed codes, sources, periods, whole counts and 0–100 shares', () => {
    expect(problems).toEqual([]);
    expect([...unknownUnits]).toEqual([]);
  });

  it('puts most rows on municipalities', () => {
    expect(municipalRows.count / total).toBeGreaterThan(0.6);
  });
});

describe('determinism', () => {
  const options = { countries: ['HND', 'SLV', 'TTO', 'GTM'] };

  it('gives the same stream for the same seed', () => {
    expect(hashRows(options)).toBe(hashRows({ ...options, seed: 20240601 }));
  });

  it('gives a different stream for another seed', () => {
    expect(hashRows({ ...options, seed: 7 })).not.toBe(hashRows(options));
  });

  it('keeps a member state’s rows when others are left out', () => {
    expect(hashRows({ countries: ['SLV'] })).toBe(hashRows(options, (r) => r.orgUnit.startsWith('SLV')));
  });
});

describe('row-count estimate', () => {
  const cases: DemoOptions[] = [
    { countries: ['GTM', 'PER'], startYear: 2005, endYear: 2012 },
    { countries: ['SLV'], startYear: 2015, endYear: 2020, scale: 2.5 },
    { countries: ['MEX', 'KNA'], scale: 0.3 },
    { countries: ['PER', 'GTM', 'SLV'], startYear: 2023, endYear: 2024 },
    { countries: ['CAN'], startYear: 2000, endYear: 2000, seed: 3 },
  ];
  it.each(cases)('is exact for %j', (options) => {
    let count = 0;
    for (const _ of generateDemoRows(options)) count++;
    expect(count).toBe(estimateDemoRowCount(options));
  });

  it('is cheap even at a large scale', () => {
    // walking the geography only: no values are drawn
    const estimate = estimateDemoRowCount({ scale: 10 });
    expect(estimate).toBeGreaterThan(15_000_000);
  });
});

describe('scale', () => {
  function municipalRows(scale: number): number {
    let count = 0;
    for (const r of generateDemoRows({ countries: ['HND', 'GTM', 'PER'], scale })) {
      if (r.orgUnit.length > 6) count++;
    }
    return count;
  }

  it('doubles the municipal rows at scale 2', () => {
    const ratio = municipalRows(2) / municipalRows(1);
    expect(ratio).toBeGreaterThan(1.97);
    expect(ratio).toBeLessThan(2.03);
  });

  it('scales the whole estimate accordingly', () => {
    const one = estimateDemoRowCounts({ scale: 1 }).homicide_victims;
    const two = estimateDemoRowCounts({ scale: 2 }).homicide_victims;
    expect(two / one).toBeGreaterThan(1.97);
    expect(two / one).toBeLessThan(2.03);
  });

  it('streams lazily: the first rows of a huge demo come at once', () => {
    const rows: CanonicalRow[] = [];
    for (const r of generateDemoRows({ scale: 64 })) {
      rows.push(r);
      if (rows.length === 5000) break;
    }
    expect(rows).toHaveLength(5000);
  });
});

describe('consistency of breakdowns and levels', () => {
  const countries = ['GTM', 'PER', 'HND', 'KNA', 'USA'];
  /** element|unit|period|source → disaggregation → value */
  const groups = new Map<string, Map<string, number>>();
  const orgUnits = demoOrgUnits({ countries });
  const parent = new Map(orgUnits.map((u) => [u.code, u.parentCode!]));
  const duplicates: string[] = [];

  beforeAll(() => {
    for (const r of generateDemoRows({ countries })) {
      const key = `${r.element}|${r.orgUnit}|${r.period}|${r.source}`;
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = new Map<string, number>()));
      if (group.has(r.disaggregation)) duplicates.push(`${key} ${r.disaggregation}`);
      group.set(r.disaggregation, r.value);
    }
  });

  function sumOf(group: Map<string, number>, dimension: string): number | undefined {
    let sum: number | undefined;
    for (const [key, value] of group) {
      if (key.startsWith(`${dimension}=`) && !key.includes(';')) sum = (sum ?? 0) + value;
    }
    return sum;
  }

  it('writes each value once and every breakdown beside its total', () => {
    expect(duplicates).toEqual([]);
    const withoutTotal = [...groups].filter(([, group]) => !group.has('')).map(([key]) => key);
    expect(withoutTotal).toEqual([]);
  });

  it('makes additive parts sum exactly to their totals', () => {
    let checkedGroups = 0;
    for (const [key, group] of groups) {
      const element = key.split('|')[0]!;
      if (SHARES.has(element)) continue;
      const total = group.get('')!;
      for (const dimension of ['sex', 'age_group', 'weapon', 'offence', 'detention']) {
        const sum = sumOf(group, dimension);
        if (sum !== undefined) {
          expect(sum, `${key} by ${dimension}`).toBe(total);
          checkedGroups++;
        }
      }
      const drugs = sumOf(group, 'drug');
      if (drugs !== undefined) expect(Math.abs(drugs - total), key).toBeLessThan(1e-6 * (1 + total));
      const womenDrug = group.get('offence=drug;sex=F');
      if (womenDrug !== undefined) {
        expect(womenDrug).toBeLessThanOrEqual(group.get('offence=drug')!);
        expect(womenDrug).toBeLessThanOrEqual(group.get('sex=F')!);
      }
    }
    expect(checkedGroups).toBeGreaterThan(100_000);
  });

  it('keeps survey totals between the women’s and the men’s shares', () => {
    let surveys = 0;
    for (const [key, group] of groups) {
      if (!SHARES.has(key.split('|')[0]!)) continue;
      surveys++;
      const [f, m, total] = [group.get('sex=F')!, group.get('sex=M')!, group.get('')!];
      expect(total).toBeGreaterThanOrEqual(Math.min(f, m) - 0.05);
      expect(total).toBeLessThanOrEqual(Math.max(f, m) + 0.05);
    }
    expect(surveys).toBeGreaterThan(0);
  });

  it('sums children’s population exactly to their parents', () => {
    const sums = new Map<string, number>();
    const levels = new Map<string, number>();
    for (const [key, group] of groups) {
      const [element, unit, period, source] = key.split('|') as [string, string, string, string];
      if (element !== 'population' || source !== 'census') continue;
      const value = group.get('')!;
      levels.set(`${unit}|${period}`, value);
      const up = parent.get(unit);
      if (up !== undefined) sums.set(`${up}|${period}`, (sums.get(`${up}|${period}`) ?? 0) + value);
      if (unit.length === 3) expect(group.get('sex=F')! + group.get('sex=M')!).toBe(value);
    }
    let compared = 0;
    for (const [key, value] of levels) {
      const sum = sums.get(key);
      if (sum === undefined) continue;
      expect(sum, key).toBe(value);
      compared++;
    }
    // every division and every member state, every year
    const divisions = orgUnits.filter((u) => u.level === 'division').length;
    expect(compared).toBe((divisions + countries.length) * 25);
  });

  it('sums division police officers and prisoners to the member state', () => {
    for (const element of ['police_officers', 'prisoners']) {
      for (const iso3 of countries) {
        for (let year = 2000; year <= 2024; year++) {
          const source = element === 'prisoners' ? 'prisons' : 'ministry';
          let total = 0;
          let women = 0;
          for (const [code, up] of parent) {
            if (up !== iso3) continue;
            const group = groups.get(`${element}|${code}|${year}|${source}`)!;
            total += group.get('')!;
            women += group.get('sex=F')!;
          }
          const national = groups.get(`${element}|${iso3}|${year}|${source}`)!;
          expect(national.get('')).toBe(total);
          expect(national.get('sex=F')).toBe(women);
        }
      }
    }
  });

  it('keeps police and forensic within ±3% (or one victim) outside the planted cases', () => {
    for (const iso3 of ['PER', 'HND', 'KNA', 'USA']) {
      for (let year = 2000; year <= 2024; year++) {
        const police = groups.get(`homicide_victims|${iso3}|${year}|police`)!.get('')!;
        let forensic = 0;
        for (let m = 1; m <= 12; m++) {
          const period = `${year}-${String(m).padStart(2, '0')}`;
          forensic += groups.get(`homicide_victims|${iso3}|${period}|forensic`)!.get('')!;
        }
        expect(Math.abs(forensic - police)).toBeLessThanOrEqual(Math.max(1, 0.03 * police));
      }
    }
  });

  it('follows the profiles in broad magnitude', () => {
    const rate = (iso3: string, year: number): number =>
      (groups.get(`homicide_victims|${iso3}|${year}|police`)!.get('')! /
        groups.get(`population|${iso3}|${year}|census`)!.get('')!) *
      100_000;
    expect(rate('HND', 2012)).toBeGreaterThan(70);
    expect(rate('HND', 2024)).toBeLessThan(45);
    expect(rate('USA', 2010)).toBeGreaterThan(3.5);
    expect(rate('USA', 2010)).toBeLessThan(7);
    const usa = groups.get('population|USA|2024|census')!.get('')!;
    expect(usa).toBeGreaterThan(330e6);
    expect(usa).toBeLessThan(350e6);
    const kna = groups.get('population|KNA|2024|census')!.get('')!;
    expect(kna).toBeGreaterThan(40_000);
    expect(kna).toBeLessThan(55_000);
    const usaPrisonRate =
      (groups.get('prisoners|USA|2008|prisons')!.get('')! /
        groups.get('population|USA|2008|census')!.get('')!) *
      100_000;
    expect(usaPrisonRate).toBeGreaterThan(600);
  });
});
