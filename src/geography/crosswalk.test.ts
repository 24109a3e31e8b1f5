import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../kernel/errors.ts';
import type { CrosswalkEntry, OrgUnit } from './org-unit.ts';
import {
  carryValues,
  findCrosswalkIssues,
  indexCrosswalk,
  mapToCurrentUnits,
  validateCrosswalk,
  type CrosswalkRule,
} from './crosswalk.ts';
import { validateHierarchy } from './hierarchy.ts';
import { OAS_ORG_UNITS } from './member-states.ts';

function municipality(code: string, validFrom: string | null, validTo: string | null): OrgUnit {
  return {
    code,
    parentCode: 'MEX.09',
    level: 'municipality',
    name: { en: code, es: code, pt: code, fr: code },
    validFrom,
    validTo,
  };
}

function entry(
  fromCode: string,
  toCode: string,
  date: string,
  share: number,
  event: CrosswalkEntry['event'],
): CrosswalkEntry {
  return { fromCode, toCode, date, share, event };
}

/**
 * A synthetic history in Mexico City (MEX.09):
 * - 2005: 09001 splits into 09101 (60 %) and 09102 (40 %);
 * - 2010: 09005 is recoded 09505;
 * - 2015: 09102 and 09003 merge into the new 09200;
 * - 2018: 09004 merges into the existing 09101.
 */
const UNITS: readonly OrgUnit[] = [
  ...OAS_ORG_UNITS,
  {
    code: 'MEX.09',
    parentCode: 'MEX',
    level: 'division',
    name: { en: 'Mexico City', es: 'Ciudad de México', pt: 'Cidade do México', fr: 'Mexico' },
    validFrom: null,
    validTo: null,
  },
  municipality('MEX.09001', null, '2005-01-01'),
  municipality('MEX.09003', null, '2015-01-01'),
  municipality('MEX.09004', null, '2018-01-01'),
  municipality('MEX.09005', null, '2010-01-01'),
  municipality('MEX.09101', '2005-01-01', null),
  municipality('MEX.09102', '2005-01-01', '2015-01-01'),
  municipality('MEX.09200', '2015-01-01', null),
  municipality('MEX.09505', '2010-01-01', null),
];

const CROSSWALK: readonly CrosswalkEntry[] = [
  entry('MEX.09001', 'MEX.09101', '2005-01-01', 0.6, 'split'),
  entry('MEX.09001', 'MEX.09102', '2005-01-01', 0.4, 'split'),
  entry('MEX.09005', 'MEX.09505', '2010-01-01', 1, 'recode'),
  entry('MEX.09102', 'MEX.09200', '2015-01-01', 1, 'merger'),
  entry('MEX.09003', 'MEX.09200', '2015-01-01', 1, 'merger'),
  entry('MEX.09004', 'MEX.09101', '2018-01-01', 1, 'merger'),
];

function rulesOf(entries: readonly CrosswalkEntry[]): CrosswalkRule[] {
  return findCrosswalkIssues(entries, UNITS).map((issue) => issue.rule);
}

describe('a split then a merger', () => {
  it('is a valid hierarchy and a valid crosswalk', () => {
    expect(() => validateHierarchy(UNITS)).not.toThrow();
    expect(findCrosswalkIssues(CROSSWALK, UNITS)).toEqual([]);
    expect(() => validateCrosswalk(CROSSWALK, UNITS)).not.toThrow();
  });

  it('maps the split unit step by step as the changes happen', () => {
    expect(mapToCurrentUnits('MEX.09001', '2004-12-31', CROSSWALK)).toEqual([
      { code: 'MEX.09001', share: 1 },
    ]);
    const after2005 = [
      { code: 'MEX.09101', share: 0.6 },
      { code: 'MEX.09102', share: 0.4 },
    ];
    expect(mapToCurrentUnits('MEX.09001', '2005-01-01', CROSSWALK)).toEqual(after2005);
    expect(mapToCurrentUnits('MEX.09001', '2014-12-31', CROSSWALK)).toEqual(after2005);
    expect(mapToCurrentUnits('MEX.09001', '2015-01-01', CROSSWALK)).toEqual([
      { code: 'MEX.09101', share: 0.6 },
      { code: 'MEX.09200', share: 0.4 },
    ]);
    expect(mapToCurrentUnits('MEX.09003', '2024-01-01', CROSSWALK)).toEqual([
      { code: 'MEX.09200', share: 1 },
    ]);
    expect(mapToCurrentUnits('MEX.09005', '2024-01-01', CROSSWALK)).toEqual([
      { code: 'MEX.09505', share: 1 },
    ]);
    expect(mapToCurrentUnits('MEX.09101', '2024-01-01', CROSSWALK)).toEqual([
      { code: 'MEX.09101', share: 1 },
    ]);
    expect(mapToCurrentUnits('MEX.09015', '2024-01-01', CROSSWALK)).toEqual([
      { code: 'MEX.09015', share: 1 },
    ]);
  });

  it('accepts a prebuilt index and refuses a malformed date', () => {
    const index = indexCrosswalk(CROSSWALK);
    expect(mapToCurrentUnits('MEX.09001', '2015-01-01', index)).toEqual(
      mapToCurrentUnits('MEX.09001', '2015-01-01', CROSSWALK),
    );
    expect(() => mapToCurrentUnits('MEX.09001', '2015', CROSSWALK)).toThrow(ValidationError);
    expect(() => carryValues([], '2015-02-30', CROSSWALK)).toThrow(ValidationError);
  });

  it('carries additive values onto the current units and keeps the total', () => {
    const values2003 = [
      { code: 'MEX.09001', value: 1000 },
      { code: 'MEX.09003', value: 500 },
      { code: 'MEX.09004', value: 200 },
      { code: 'MEX.09005', value: 50 },
      { code: 'MEX.09015', value: 7 },
    ];
    const carried = carryValues(values2003, '2024-01-01', CROSSWALK);
    expect(carried.map((v) => v.code)).toEqual(['MEX.09015', 'MEX.09101', 'MEX.09200', 'MEX.09505']);
    const byCode = Object.fromEntries(carried.map((v) => [v.code, v.value]));
    expect(byCode['MEX.09101']).toBeCloseTo(800, 9); // 60 % of 09001 + all of 09004
    expect(byCode['MEX.09200']).toBeCloseTo(900, 9); // 40 % of 09001 + all of 09003
    expect(byCode['MEX.09505']).toBe(50);
    expect(byCode['MEX.09015']).toBe(7);
    const total = carried.reduce((sum, v) => sum + v.value, 0);
    expect(total).toBeCloseTo(1757, 9);

    // Before the merger, the 2003 values sit on the 2005 units.
    const in2010 = carryValues(values2003, '2010-06-01', CROSSWALK);
    expect(in2010.map((v) => v.code)).toEqual([
      'MEX.09003',
      'MEX.09004',
      'MEX.09015',
      'MEX.09101',
      'MEX.09102',
      'MEX.09505',
    ]);
    expect(in2010.reduce((sum, v) => sum + v.value, 0)).toBeCloseTo(1757, 9);
  });

  it('adds the shares of a successor reached by two paths', () => {
    const diamond = [
      entry('A', 'B', '2001-01-01', 0.5, 'split'),
      entry('A', 'C', '2001-01-01', 0.5, 'split'),
      entry('B', 'D', '2002-01-01', 1, 'merger'),
      entry('C', 'D', '2002-01-01', 1, 'merger'),
    ];
    expect(mapToCurrentUnits('A', '2003-01-01', diamond)).toEqual([{ code: 'D', share: 1 }]);
  });

  it('throws on a crosswalk that loops (which validation rules out)', () => {
    const loop = [entry('A', 'B', '2001-01-01', 1, 'recode'), entry('B', 'A', '2001-01-01', 1, 'recode')];
    expect(() => mapToCurrentUnits('A', '2003-01-01', loop)).toThrow(/loops: A → B → A/);
  });

  it('keeps totals through any random sequence of splits and mergers', () => {
    type Step =
      { kind: 'split'; pick: number; weights: number[] } | { kind: 'merge'; pick: number; other: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant('split' as const),
        pick: fc.nat(),
        weights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }),
      }),
      fc.record({ kind: fc.constant('merge' as const), pick: fc.nat(), other: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 3, maxLength: 3 }),
        (steps, initial) => {
          const units = new Map<string, OrgUnit>();
          const live: string[] = [];
          let next = 1;
          const create = (validFrom: string | null): string => {
            const code = `MEX.U${next++}`;
            units.set(code, municipality(code, validFrom, null));
            live.push(code);
            return code;
          };
          const end = (code: string, date: string): void => {
            const unit = units.get(code);
            if (unit !== undefined) units.set(code, { ...unit, validTo: date });
            live.splice(live.indexOf(code), 1);
          };
          const originals = initial.map(() => create(null));
          const entries: CrosswalkEntry[] = [];
          steps.forEach((s, i) => {
            const date = `${2001 + i}-01-01`;
            const from = live[s.pick % live.length];
            if (from === undefined) return;
            if (s.kind === 'split') {
              const sum = s.weights.reduce((a, b) => a + b, 0);
              end(from, date);
              for (const w of s.weights) entries.push(entry(from, create(date), date, w / sum, 'split'));
            } else {
              const other = live[s.other % live.length];
              if (other === undefined || other === from) return;
              end(from, date);
              end(other, date);
              const into = create(date);
              entries.push(entry(from, into, date, 1, 'merger'), entry(other, into, date, 1, 'merger'));
            }
          });
          const all = [...UNITS.filter((u) => u.level !== 'municipality'), ...units.values()];
          validateHierarchy(all);
          validateCrosswalk(entries, all);
          const values = originals.map((code, i) => ({ code, value: initial[i] ?? 0 }));
          const carried = carryValues(values, '2100-01-01', entries);
          const total = initial.reduce((a, b) => a + b, 0);
          expect(carried.reduce((a, v) => a + v.value, 0)).toBeCloseTo(total, 6);
          for (const { code } of carried) expect(live).toContain(code);
          for (const code of originals) {
            const shares = mapToCurrentUnits(code, '2100-01-01', entries);
            expect(shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 9);
          }
        },
      ),
    );
  });
});

describe('validateCrosswalk', () => {
  it('reports a malformed date', () => {
    expect(rulesOf([entry('MEX.09001', 'MEX.09101', '2005-1-1', 1, 'split')])).toEqual(['date_format']);
  });

  it('reports unknown units', () => {
    expect(rulesOf([entry('MEX.09999', 'MEX.09101', '2005-01-01', 1, 'recode')])).toEqual(['unknown_unit']);
    expect(rulesOf([entry('MEX.09005', 'MEX.09999', '2010-01-01', 1, 'recode')])).toEqual(['unknown_unit']);
  });

  it('reports a unit that succeeds itself', () => {
    expect(rulesOf([entry('MEX.09005', 'MEX.09005', '2010-01-01', 1, 'recode')])).toEqual([
      'same_unit',
      'to_validity',
    ]);
  });

  it('reports shares outside (0, 1]', () => {
    for (const share of [0, -0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(rulesOf([entry('MEX.09005', 'MEX.09505', '2010-01-01', share, 'merger')])).toEqual([
        'share_range',
      ]);
    }
  });

  it('reports shares leaving one unit on one date that do not sum to 1', () => {
    const issues = findCrosswalkIssues(
      [
        entry('MEX.09001', 'MEX.09101', '2005-01-01', 0.6, 'split'),
        entry('MEX.09001', 'MEX.09102', '2005-01-01', 0.3, 'split'),
      ],
      UNITS,
    );
    expect(issues.map((i) => i.rule)).toEqual(['share_sum']);
    expect(issues[0]?.message).toContain('sum to 0.8999999999999999, not 1');
    // 0.1 + 0.2 + 0.7 is 1 within the 1e-9 tolerance, not exactly.
    const units = [...UNITS, municipality('MEX.09103', '2005-01-01', null)];
    const thirds = [
      entry('MEX.09001', 'MEX.09101', '2005-01-01', 0.1, 'split'),
      entry('MEX.09001', 'MEX.09102', '2005-01-01', 0.2, 'split'),
      entry('MEX.09001', 'MEX.09103', '2005-01-01', 0.7, 'split'),
    ];
    expect(findCrosswalkIssues(thirds, units)).toEqual([]);
  });

  it('reports a change listed twice', () => {
    expect(
      rulesOf([
        entry('MEX.09005', 'MEX.09505', '2010-01-01', 1, 'recode'),
        entry('MEX.09005', 'MEX.09505', '2010-01-01', 1, 'recode'),
      ]),
    ).toEqual(['duplicate_entry', 'share_sum']);
  });

  it('reports a recode that does not pass the whole unit', () => {
    expect(
      rulesOf([
        entry('MEX.09001', 'MEX.09101', '2005-01-01', 0.6, 'recode'),
        entry('MEX.09001', 'MEX.09102', '2005-01-01', 0.4, 'split'),
      ]),
    ).toEqual(['recode_share']);
  });

  it('reports a change not dated on the day the old unit ends', () => {
    const issues = findCrosswalkIssues([entry('MEX.09003', 'MEX.09200', '2016-01-01', 1, 'merger')], UNITS);
    expect(issues.map((i) => i.rule)).toEqual(['from_validity']);
    expect(issues[0]?.message).toBe(
      'MEX.09003 → MEX.09200 on 2016-01-01: MEX.09003 must end on the date of the change (validTo 2016-01-01), but is valid [open, 2015-01-01)',
    );
    // A unit that never ended cannot be the source of a change.
    expect(rulesOf([entry('MEX.09101', 'MEX.09200', '2015-01-01', 1, 'merger')])).toEqual(['from_validity']);
  });

  it('reports a successor that does not exist on the date of the change', () => {
    // 09200 starts in 2015, too late for the 2005 split.
    expect(rulesOf([entry('MEX.09001', 'MEX.09200', '2005-01-01', 1, 'merger')])).toEqual(['to_validity']);
    // 09003 ends in 2015, so it cannot receive 09004 in 2018.
    expect(rulesOf([entry('MEX.09004', 'MEX.09003', '2018-01-01', 1, 'merger')])).toEqual(['to_validity']);
  });

  it('throws one ValidationError listing every problem', () => {
    const broken = [
      entry('MEX.09001', 'MEX.09101', '2005-01-01', 0.6, 'split'),
      entry('MEX.09999', 'MEX.09101', '2005-01-01', 2, 'merger'),
    ];
    expect(() => validateCrosswalk(broken, UNITS)).toThrow(ValidationError);
    try {
      validateCrosswalk(broken, UNITS);
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => (i as { rule?: string }).rule)).toEqual([
        'share_range',
        'unknown_unit',
        'share_sum',
      ]);
      expect((error as ValidationError).message).toMatch(/^The crosswalk has 3 problems:/);
    }
  });
});
