import { describe, expect, it } from 'vitest';
import type { AnalyticsRow } from '../../api/client.ts';
import {
  extremes,
  pickYear,
  rowsOf,
  sourceDisagreement,
  trendVerdict,
  yearlySeries,
  yearsWithData,
} from './profile-model.ts';

function row(period: string, value: number, extra: Partial<AnalyticsRow> = {}): AnalyticsRow {
  return {
    indicator: 'homicide_rate',
    orgUnit: 'MEX',
    period,
    disaggregation: '',
    value,
    numerator: value,
    denominator: 100_000,
    lower: value - 1,
    upper: value + 1,
    smallCount: false,
    complete: true,
    ...extra,
  } as AnalyticsRow;
}

describe('years', () => {
  it('lists years with data, latest first, and picks the requested one only when it has data', () => {
    const years = yearsWithData([row('2019', 1), row('2021', 2), row('2020', 3), row('2021', 4)]);
    expect(years).toEqual([2021, 2020, 2019]);
    expect(pickYear(years, '2020')).toBe(2020);
    expect(pickYear(years, '1999')).toBe(2021);
    expect(pickYear(years, null)).toBe(2021);
    expect(pickYear([], '2020')).toBeUndefined();
  });
});

describe('trendVerdict', () => {
  it('says rising or falling only when the interval excludes 0', () => {
    expect(trendVerdict({ apc: 3, lower: 1, upper: 5 })).toBe('rising');
    expect(trendVerdict({ apc: -3, lower: -5, upper: -1 })).toBe('falling');
    expect(trendVerdict({ apc: 3, lower: -0.1, upper: 6 })).toBe('noClearTrend');
    expect(trendVerdict({ apc: 3, lower: null, upper: null })).toBe('noClearTrend');
    expect(trendVerdict({ apc: null, lower: null, upper: null })).toBe('notEnoughData');
  });
});

describe('sourceDisagreement', () => {
  it('flags the source furthest from the reference when it differs by more than 10%', () => {
    expect(
      sourceDisagreement([
        { source: 'police', value: 100 },
        { source: 'forensic', value: 118 },
        { source: 'health', value: 95 },
      ]),
    ).toEqual({ first: 'police', second: 'forensic', share: expect.closeTo(0.18, 10) as number });
  });

  it('stays quiet within 10%, with one source, or with a zero reference', () => {
    expect(
      sourceDisagreement([
        { source: 'police', value: 100 },
        { source: 'forensic', value: 109 },
      ]),
    ).toBeUndefined();
    expect(sourceDisagreement([{ source: 'police', value: 100 }])).toBeUndefined();
    expect(
      sourceDisagreement([
        { source: 'police', value: 0 },
        { source: 'forensic', value: 3 },
      ]),
    ).toBeUndefined();
  });
});

describe('series', () => {
  it('has one point a year, NaN where a year is missing or has no interval', () => {
    const series = yearlySeries([row('2020', 5), row('2018', 3, { lower: null, upper: null })]);
    expect(series.map((p) => p.year)).toEqual([2018, 2019, 2020]);
    expect(series[0]?.lower).toBeNaN();
    expect(series[1]?.value).toBeNaN();
    expect(series[2]).toEqual({ year: 2020, value: 5, lower: 4, upper: 6 });
    expect(extremes(series)).toMatchObject({
      min: { year: 2018 },
      max: { year: 2020 },
      first: { year: 2018 },
      last: { year: 2020 },
    });
    expect(extremes([])).toBeUndefined();
  });

  it('selects one indicator and disaggregation, in period order', () => {
    const rows = [
      row('2021', 1),
      row('2020', 2),
      row('2020', 3, { disaggregation: 'sex=F' }),
      row('2020', 4, { indicator: 'police_rate' }),
    ];
    expect(rowsOf(rows, 'homicide_rate').map((r) => r.value)).toEqual([2, 1]);
    expect(rowsOf(rows, 'homicide_rate', 'sex=F').map((r) => r.value)).toEqual([3]);
  });
});
