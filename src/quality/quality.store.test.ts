import { afterAll, beforeAll, expect, it } from 'vitest';
import { VALUE_STATUSES } from '../data/value-writer.ts';
import { saveOrgUnits } from '../geography/geography.store.ts';
import { NotFoundError } from '../kernel/errors.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { HEADER, importText } from '../../test/support/fixtures.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import {
  findOutliers,
  periodAndParts,
  rangeAndParts,
  readCompleteness,
  runRules,
  storeRuleSet,
} from './quality.store.ts';
import type { RuleViolation, ValidationRule } from './validation-rule.ts';

const ALL = [...VALUE_STATUSES];
const NAME = { en: 'x', es: 'x', pt: 'x', fr: 'x' };

const RULE_DATA = [
  HEADER,
  'homicide_victims,MEX,2020,,police,100',
  'homicide_victims,MEX,2020,weapon=firearm,police,120',
  'homicide_victims,MEX,2020,,forensic,90',
  'homicide_victims,MEX,2020,weapon=firearm,forensic,80',
  'prisoners,MEX,2020,,prisons,3000',
  'population,MEX,2020,,census,100000',
  'arrests,MEX,2020,,police,2000',
  'police_officers,GTM,2020,,ministry,1000',
  'police_officers,GTM,2020,sex=F,ministry,1200',
  'homicide_victims,MEX.09,2020-01,,health,31',
  'homicide_victims,MEX.09,2020-01,sex=F,health,10',
  'homicide_victims,MEX.09,2020-01,sex=M,health,20',
].join('\n');

function monthly(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

const key = (v: RuleViolation) =>
  `${v.rule} ${v.orgUnit} ${v.period} ${v.leftSource ?? '-'}:${v.leftValue} ${v.rightSource ?? '-'}:${v.rightValue}`;

describeStores('quality checks', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let rules: ValidationRule[];

  async function importAt(lines: string[], createdAt: string): Promise<void> {
    const result = await importText(store, [HEADER, ...lines].join('\n'));
    await store.db
      .updateTable('import_batch')
      .set({ created_at: createdAt })
      .where('id', '=', result.batchId)
      .execute();
  }

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [
      { code: 'MEX.09', parentCode: 'MEX', level: 'division', name: NAME, validFrom: null, validTo: null },
      {
        code: 'MEX.15',
        parentCode: 'MEX',
        level: 'division',
        name: NAME,
        validFrom: '2019-03-10',
        validTo: null,
      },
    ]);
    rules = await storeRuleSet(store.db);
    await importText(store, RULE_DATA);
    // ten years of monthly police counts for MEX.09: December high, one spike
    const series: string[] = [];
    for (let year = 2010; year <= 2019; year++) {
      for (let month = 1; month <= 12; month++) {
        const value = year === 2017 && month === 6 ? 190 : month === 12 ? 140 : 100 + (year - 2010);
        series.push(`homicide_victims,MEX.09,${monthly(year, month)},,police,${value}`);
      }
    }
    await importText(store, [HEADER, ...series].join('\n'));
    // arrests arriving in three batches at known times; the third revises January
    await importAt(['arrests,MEX.09,2019-01,,police,50'], '2019-02-20T00:00:00.000Z');
    await importAt(
      [
        'arrests,MEX.09,2019-02,,police,51',
        'arrests,MEX.09,2019-03,,police,52',
        'arrests,MEX.15,2019-04,,police,9',
      ],
      '2019-05-15T00:00:00.000Z',
    );
    await importAt(['arrests,MEX.09,2019-01,,police,55'], '2019-08-01T00:00:00.000Z');
  });
  afterAll(async () => dispose());

  it('runs the default rules cell by cell and lists each violation with both sides', async () => {
    const run = await runRules(store, rules, { statuses: ALL });
    expect(run.violations.map(key).sort()).toEqual(
      [
        'firearm_homicides_within_total MEX 2020 police:120 police:100',
        'prisoners_plausible_for_population MEX 2020 prisons:3000 census:2000',
        'funnel_arrests_prisoners MEX 2020 police:2000 prisons:3000',
        'women_police_within_total GTM 2020 ministry:1200 ministry:1000',
        'homicides_by_sex_account_for_total MEX.09 2020-01 health:30 health:31',
      ].sort(),
    );
    const tally = (code: string) => run.tallies.find((t) => t.rule === code);
    // the sum of the weapons needs all three: police gave firearms only, so it is not checked
    expect(tally('homicides_by_weapon_within_total')).toMatchObject({ checked: 0 });
    // police and forensic both have a firearm count and a total
    expect(tally('firearm_homicides_within_total')).toEqual({
      rule: 'firearm_homicides_within_total',
      checked: 2,
      violations: 1,
    });
    // the 120 MEX.09 police months have totals only: nothing to compare them with
    expect(tally('homicides_by_sex_within_total')).toMatchObject({ checked: 1, violations: 0 });
    expect(run.violations.find((v) => v.rule === 'funnel_arrests_prisoners')?.severity).toBe('info');
    // cells: MEX 2020, GTM 2020, MEX.09 2020-01, the 120 MEX.09 months (its arrest months among
    // them), MEX.15 2019-04
    expect(run.cells).toBe(3 + 120 + 1);
    // small pages cut cells in two: the same result
    const paged = await runRules(store, rules, { statuses: ALL, pageSize: 2 });
    expect(paged.violations.map(key)).toEqual(run.violations.map(key));
    expect(paged.tallies).toEqual(run.tallies);
  });

  it('checks one unit with the units below it, and one period with the periods within it', async () => {
    const mex = await runRules(store, rules, { statuses: ALL, orgUnits: ['MEX'], period: '2020' });
    expect(new Set(mex.violations.map((v) => `${v.orgUnit} ${v.period}`))).toEqual(
      new Set(['MEX 2020', 'MEX.09 2020-01']),
    );
    const quarter = await runRules(store, rules, { statuses: ALL, period: '2020-Q1' });
    expect(quarter.violations.map((v) => v.rule)).toEqual(['homicides_by_sex_account_for_total']);
    const published = await runRules(store, rules, { statuses: ['published'] });
    expect([published.cells, published.violations.length]).toEqual([0, 0]);
    await expect(runRules(store, rules, { statuses: ALL, orgUnits: ['NOPE'] })).rejects.toThrow(
      NotFoundError,
    );
    expect(periodAndParts('2020-Q2')).toEqual(['2020-Q2', '2020-04', '2020-05', '2020-06']);
    expect(periodAndParts('2020')).toHaveLength(17);
    // a range of years: each year with its quarters and months
    const range = await runRules(store, rules, {
      statuses: ALL,
      orgUnits: ['MEX'],
      from: '2019',
      to: '2020',
    });
    expect(range.violations.map(key)).toEqual(mex.violations.map(key));
    // 2019 adds the twelve MEX.09 months and MEX.15 2019-04, none of them a violation
    expect(range.cells - mex.cells).toBe(13);
    expect(rangeAndParts('2019', '2020')).toEqual([...periodAndParts('2019'), ...periodAndParts('2020')]);
    expect(rangeAndParts('2020-11', '2021-02')).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
    expect(() => rangeAndParts('2021', '2020')).toThrow(/must not run backwards/);
    expect(() => rangeAndParts('1950', '2020')).toThrow(/at most 850/);
  });

  it('finds the planted spike of a unit’s monthly series, per source', async () => {
    const results = await findOutliers(store, {
      element: 'homicide_victims',
      orgUnit: 'MEX.09',
      statuses: ALL,
    });
    expect(results.map((r) => [r.source, r.periodType, r.from, r.to, r.observed, r.status])).toEqual([
      ['health', 'month', '2020-01', '2020-01', 1, 'too_short'],
      ['police', 'month', '2010-01', '2019-12', 120, 'ok'],
    ]);
    const police = results[1]!;
    expect(police.seasonal).toBe(true);
    expect(police.outliers.map((o) => [o.period, o.value])).toEqual([['2017-06', 190]]);
    // June 2017 of a series at 100 + (year − 2010): 107, up to the Anscombe scale's curvature
    expect(police.outliers[0]!.expected).toBeCloseTo(107, 2);
    const women = await findOutliers(store, {
      element: 'homicide_victims',
      orgUnit: 'MEX.09',
      disaggregation: 'sex=F',
      source: 'health',
      statuses: ALL,
    });
    expect(women.map((r) => [r.source, r.observed])).toEqual([['health', 1]]);
    await expect(findOutliers(store, { element: 'nope', orgUnit: 'MEX', statuses: ALL })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('measures completeness and timeliness from the first arrival of each value', async () => {
    const rows = await readCompleteness(store, {
      element: 'arrests',
      from: '2019-01',
      to: '2019-06',
      orgUnits: ['MEX'],
      deadlineDays: 30,
      statuses: ALL,
    });
    expect(
      rows.map((r) => [
        r.orgUnit,
        r.expected,
        r.reported,
        r.onTime,
        r.missing.length,
        r.late.map((l) => l.period),
      ]),
    ).toEqual([
      ['MEX', 6, 0, 0, 6, []],
      // January arrived on 2019-02-20 (19 days), and its revision in August does not make it late
      ['MEX.09', 6, 3, 1, 3, ['2019-02', '2019-03']],
      // exists from 2019-03-10: March to June expected; April arrived 14 days after its end
      ['MEX.15', 4, 1, 1, 3, []],
    ]);
    const mex09 = rows[1]!;
    expect(mex09.completeness).toBe(0.5);
    expect(mex09.late.map((l) => l.delayDays)).toEqual([75, 44]);
    // without units: every unit that ever reported arrests; another source: none
    const all = await readCompleteness(store, {
      element: 'arrests',
      from: '2019-01',
      to: '2019-06',
      deadlineDays: 90,
      statuses: ALL,
    });
    expect(all.map((r) => [r.orgUnit, r.onTime])).toEqual([
      ['MEX', 0],
      ['MEX.09', 3],
      ['MEX.15', 1],
    ]);
    const forensic = await readCompleteness(store, {
      element: 'arrests',
      from: '2019-01',
      to: '2019-06',
      source: 'forensic',
      deadlineDays: 30,
      statuses: ALL,
    });
    expect(forensic).toEqual([]);
  });
});
