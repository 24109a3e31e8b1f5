import { describe, expect, it } from 'vitest';
import type { UnitCompleteness } from './quality-api.ts';
import { periodStart, sortUnits } from './quality-model.ts';

function unit(orgUnit: string, completeness: number | null, timeliness: number | null): UnitCompleteness {
  return {
    orgUnit,
    expected: 12,
    reported: 0,
    completeness,
    onTime: 0,
    timeliness,
    timelinessOfReported: null,
    medianDelayDays: null,
    missing: [],
    late: [],
  };
}

const UNITS = [
  unit('SLV.02', 1, 0.5),
  unit('SLV', 0.5, null),
  unit('SLV.01', 1, 0.25),
  unit('SLV.03', null, null),
];
const order = (rows: readonly UnitCompleteness[]) => rows.map((u) => u.orgUnit);

describe('the completeness table’s order', () => {
  it('sorts by a share either way, ties by code, units without a share last', () => {
    expect(order(sortUnits(UNITS, 'completeness', false))).toEqual(['SLV', 'SLV.01', 'SLV.02', 'SLV.03']);
    expect(order(sortUnits(UNITS, 'completeness', true))).toEqual(['SLV.01', 'SLV.02', 'SLV', 'SLV.03']);
    expect(order(sortUnits(UNITS, 'timeliness', false))).toEqual(['SLV.01', 'SLV.02', 'SLV', 'SLV.03']);
    expect(order(sortUnits(UNITS, 'timeliness', true))).toEqual(['SLV.02', 'SLV.01', 'SLV', 'SLV.03']);
  });

  it('sorts by code A–Z or Z–A, and leaves its input alone', () => {
    expect(order(sortUnits(UNITS, 'unit', false))).toEqual(['SLV', 'SLV.01', 'SLV.02', 'SLV.03']);
    expect(order(sortUnits(UNITS, 'unit', true))).toEqual(['SLV.03', 'SLV.02', 'SLV.01', 'SLV']);
    expect(order(UNITS)).toEqual(['SLV.02', 'SLV', 'SLV.01', 'SLV.03']);
  });
});

describe('periods on a time axis', () => {
  it('starts a year, a quarter and a month on their first day (UTC)', () => {
    expect(periodStart('2019').toISOString()).toBe('2019-01-01T00:00:00.000Z');
    expect(periodStart('2019-Q3').toISOString()).toBe('2019-07-01T00:00:00.000Z');
    expect(periodStart('2019-12').toISOString()).toBe('2019-12-01T00:00:00.000Z');
  });
});
