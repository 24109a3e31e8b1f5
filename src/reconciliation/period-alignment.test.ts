import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../periods/period-code.ts';
import { alignPeriods, combinePeriods, type ElementTime } from './period-alignment.ts';
import { compareSources, type SourcedValue } from './source-comparison.ts';

const COUNT: ElementTime = { timeAggregation: 'sum', valueType: 'count' };
const STOCK_LAST: ElementTime = { timeAggregation: 'last', valueType: 'stock' };
const STOCK_AVERAGE: ElementTime = { timeAggregation: 'average', valueType: 'stock' };
const SHARE: ElementTime = { timeAggregation: 'average', valueType: 'share' };

const v = (period: string, source: string, value: number, orgUnit = 'GTM'): SourcedValue => ({
  orgUnit,
  period,
  disaggregation: '',
  source,
  value,
});
const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
/** monthly values 1, 2, … 12 (a sum of 78), for the months given (all by default) */
const monthly = (year: string, source: string, months = MONTHS): SourcedValue[] =>
  months.map((m) => v(`${year}-${m}`, source, Number(m)));

describe('combinePeriods', () => {
  const map = (values: SourcedValue[]) => new Map(values.map((x) => [x.period, x.value]));

  it('sums a complete year of months, and refuses an incomplete one naming the missing months', () => {
    const year = parsePeriod('2019');
    expect(combinePeriods(year, 'month', map(monthly('2019', 'f')), COUNT)).toEqual({
      kind: 'value',
      value: 78,
      obtained: { method: 'sum', periodType: 'month', count: 12 },
    });
    const partial = monthly('2019', 'f').filter((x) => x.period !== '2019-04' && x.period !== '2019-12');
    expect(combinePeriods(year, 'month', map(partial), COUNT)).toEqual({
      kind: 'incomplete',
      found: 10,
      expected: 12,
      missing: ['2019-04', '2019-12'],
    });
  });

  it('sums quarters into a year and months into a quarter, reading only the children of the period', () => {
    const quarters = map([
      v('2019-Q1', 'f', 10),
      v('2019-Q2', 'f', 20),
      v('2019-Q3', 'f', 30),
      v('2019-Q4', 'f', 40),
      v('2020-Q1', 'f', 999),
    ]);
    expect(combinePeriods(parsePeriod('2019'), 'quarter', quarters, COUNT)).toMatchObject({
      value: 100,
      obtained: { method: 'sum', periodType: 'quarter', count: 4 },
    });
    expect(combinePeriods(parsePeriod('2019-Q2'), 'month', map(monthly('2019', 'f')), COUNT)).toMatchObject({
      value: 4 + 5 + 6,
      obtained: { method: 'sum', periodType: 'month', count: 3 },
    });
  });

  it('takes a stock at the end of the period from its last month, which alone is needed', () => {
    const onlyDecember = map([v('2019-06', 'f', 500), v('2019-12', 'f', 520)]);
    expect(combinePeriods(parsePeriod('2019'), 'month', onlyDecember, STOCK_LAST)).toEqual({
      kind: 'value',
      value: 520,
      obtained: { method: 'last', periodType: 'month', count: 1 },
    });
    expect(
      combinePeriods(parsePeriod('2019'), 'month', map([v('2019-11', 'f', 1)]), STOCK_LAST),
    ).toMatchObject({
      kind: 'incomplete',
      missing: ['2019-12'],
    });
  });

  it('averages a level over the period weighted by days, and only over a complete series', () => {
    // 2020 is a leap year: February weighs 29 of 366 days
    const values = map(MONTHS.map((m) => v(`2020-${m}`, 'f', m === '02' ? 366 : 0)));
    const averaged = combinePeriods(parsePeriod('2020'), 'month', values, STOCK_AVERAGE);
    expect(averaged.kind).toBe('value');
    expect(averaged.kind === 'value' && averaged.value).toBeCloseTo(29, 12);
    const quarterly = map([v('2021-Q1', 'f', 100), v('2021-Q2', 'f', 100), v('2021-Q3', 'f', 100)]);
    expect(combinePeriods(parsePeriod('2021'), 'quarter', quarterly, STOCK_AVERAGE)).toMatchObject({
      kind: 'incomplete',
      found: 3,
      expected: 4,
      missing: ['2021-Q4'],
    });
  });

  it('never combines shares over time, even when the catalogue says average', () => {
    expect(combinePeriods(parsePeriod('2019'), 'month', map(monthly('2019', 'f')), SHARE)).toEqual({
      kind: 'not_combinable',
      found: 12,
      expected: 12,
      missing: [],
    });
  });
});

describe('alignPeriods', () => {
  it('a monthly series against a yearly figure: one value summed at the year, compared once', () => {
    const { values, notCompared } = alignPeriods(
      [v('2019', 'police', 70), ...monthly('2019', 'forensic')],
      COUNT,
      {
        periodType: 'year',
      },
    );
    expect(notCompared).toEqual([]);
    expect(values).toEqual([
      { ...v('2019', 'police', 70), obtained: { method: 'reported', periodType: 'year', count: 1 } },
      { ...v('2019', 'forensic', 78), obtained: { method: 'sum', periodType: 'month', count: 12 } },
    ]);
    const pairs = compareSources(values, { order: ['police'] });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({
      period: '2019',
      first: { source: 'police', value: 70, obtained: { method: 'reported' } },
      second: { source: 'forensic', value: 78, obtained: { method: 'sum', count: 12 } },
      difference: 8,
    });
    expect(pairs[0]!.ratio).toBeCloseTo(78 / 70, 12);
  });

  it('lists an incomplete year instead of comparing it, and keeps the complete ones', () => {
    const { values, notCompared } = alignPeriods(
      [
        v('2019', 'police', 70),
        v('2020', 'police', 80),
        ...monthly('2019', 'forensic'),
        ...monthly('2020', 'forensic', MONTHS.slice(0, 7)),
      ],
      COUNT,
    );
    const pairs = compareSources(values);
    expect(pairs.map((p) => p.period)).toEqual(['2019']);
    expect(notCompared).toEqual([
      {
        orgUnit: 'GTM',
        period: '2020',
        disaggregation: '',
        source: 'forensic',
        periodType: 'month',
        reason: 'incomplete',
        found: 7,
        expected: 12,
        missing: ['2020-08', '2020-09', '2020-10', '2020-11', '2020-12'],
      },
    ]);
  });

  it('keeps same-period pairs, and never pairs two built values (their months are compared as they are)', () => {
    const { values } = alignPeriods([...monthly('2019', 'police'), ...monthly('2019', 'forensic')], COUNT);
    const pairs = compareSources(values);
    expect(pairs).toHaveLength(12);
    expect(
      pairs.every((p) => p.first.obtained.method === 'reported' && p.second.obtained.method === 'reported'),
    ).toBe(true);
    // with the range in years, nothing is reported at a year: nothing to compare
    expect(compareSources(alignPeriods(values, COUNT, { periodType: 'year' }).values)).toEqual([]);
  });

  it('compares quarters with months at the quarter; a yearly figure with quarters when the months are incomplete', () => {
    const quarters = [
      v('2019-Q1', 'ministry', 5),
      v('2019-Q2', 'ministry', 16),
      v('2019-Q3', 'ministry', 24),
      v('2019-Q4', 'ministry', 33),
    ];
    const { values } = alignPeriods([...quarters, ...monthly('2019', 'forensic')], COUNT, {
      periodType: 'quarter',
    });
    const pairs = compareSources(values, { order: ['ministry'] });
    expect(pairs.map((p) => [p.period, p.first.value, p.second.value, p.second.obtained.count])).toEqual([
      ['2019-Q1', 5, 6, 3],
      ['2019-Q2', 16, 15, 3],
      ['2019-Q3', 24, 24, 3],
      ['2019-Q4', 33, 33, 3],
    ]);
    // a source with all four quarters but only some months: the quarters make its year
    const aligned = alignPeriods([v('2019', 'police', 70), ...quarters, v('2019-01', 'ministry', 1)], COUNT, {
      periodType: 'year',
    });
    expect(aligned.notCompared).toEqual([]);
    expect(aligned.values.find((x) => x.source === 'ministry')).toMatchObject({
      value: 78,
      obtained: { method: 'sum', periodType: 'quarter', count: 4 },
    });
  });

  it('a reported figure wins over one built from the same source, and other units and breakdowns stay apart', () => {
    const { values } = alignPeriods(
      [
        v('2019', 'police', 70),
        v('2019', 'forensic', 75),
        ...monthly('2019', 'forensic'),
        ...monthly('2019', 'forensic').map((x) => ({ ...x, orgUnit: 'PAN' })),
      ],
      COUNT,
      { periodType: 'year' },
    );
    expect(
      values.filter((x) => x.orgUnit === 'GTM').map((x) => [x.source, x.value, x.obtained.method]),
    ).toEqual([
      ['police', 70, 'reported'],
      ['forensic', 75, 'reported'],
    ]);
    // Panama has one source only: nothing reported at a year, nothing built
    expect(values.filter((x) => x.orgUnit === 'PAN')).toEqual([]);
  });

  it('lists a share reported monthly by one source against a yearly survey as not combinable', () => {
    const { values, notCompared } = alignPeriods(
      [v('2019', 'survey', 40), ...monthly('2019', 'poll')],
      SHARE,
    );
    expect(compareSources(values)).toEqual([]);
    expect(notCompared).toMatchObject([
      { period: '2019', source: 'poll', reason: 'not_combinable', found: 12 },
    ]);
  });
});
