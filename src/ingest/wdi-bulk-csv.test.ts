/** Tests of the WDI bulk CSV reader: a hand-written fixture, the real files, and damaged input. */
import { describe, expect, it } from 'vitest';
import { checkReaderUnderDamage, formatsPresent, sharedFile } from '../../test/support/ingest.ts';
import { readWdiBulkCsv } from './wdi-bulk-csv.ts';

const POPULATION = { 'SP.POP.TOTL': { element: 'population', source: 'world_bank' } };

const FIXTURE = [
  '\uFEFF"Data Source","World Development Indicators",',
  '',
  '"Last Updated Date","2023-01-31",',
  '',
  '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020","2021",',
  '"Latin America & Caribbean","LCN","Population, total","SP.POP.TOTL","650000000","655000000","660000000",',
  '"Honduras","HND","Population, total","SP.POP.TOTL","9746115","9904608","",',
  '"Aruba","ABW","Population, total","SP.POP.TOTL","106314","106585","106537",',
  '"Chile","CHL","Population, total","SP.POP.TOTL","18952035","19300315","19493184",',
  '"World","WLD","Population, total","SP.POP.TOTL","7700000000","7800000000","7900000000",',
  '"Chile","CHL","Intentional homicides (per 100,000 people)","VC.IHR.PSRC.P5","4.4","4.8","",',
].join('\r\n');

describe('readWdiBulkCsv', () => {
  it('reads member states, skips and counts aggregates, other countries and blank years', () => {
    const result = readWdiBulkCsv(FIXTURE, POPULATION, { file: 'pop.csv' });
    expect(result.issues).toEqual([]);
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.rows).toEqual([
      {
        element: 'population',
        orgUnit: 'HND',
        period: '2019',
        disaggregation: '',
        source: 'world_bank',
        value: 9746115,
      },
      {
        element: 'population',
        orgUnit: 'HND',
        period: '2020',
        disaggregation: '',
        source: 'world_bank',
        value: 9904608,
      },
      {
        element: 'population',
        orgUnit: 'CHL',
        period: '2019',
        disaggregation: '',
        source: 'world_bank',
        value: 18952035,
      },
      {
        element: 'population',
        orgUnit: 'CHL',
        period: '2020',
        disaggregation: '',
        source: 'world_bank',
        value: 19300315,
      },
      {
        element: 'population',
        orgUnit: 'CHL',
        period: '2021',
        disaggregation: '',
        source: 'world_bank',
        value: 19493184,
      },
    ]);
    expect(result.skipped).toEqual([
      { code: 'aggregate', count: 2 },
      { code: 'blank', count: 1 },
      { code: 'not-member-state', count: 1 },
      { code: 'indicator-not-mapped', count: 1 },
    ]);
  });

  it('refuses to import a rate as a count, naming the line', () => {
    const result = readWdiBulkCsv(FIXTURE, {
      'VC.IHR.PSRC.P5': { element: 'homicide_victims', source: 'world_bank' },
    });
    expect(result.rows).toEqual([]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ line: 11, column: 4, field: 'Indicator Code' });
    expect(result.issues[0]?.message).toMatch(/rate or share, not a count/);
  });

  it('reads the codes given by orgUnits only', () => {
    const result = readWdiBulkCsv(FIXTURE, POPULATION, { orgUnits: { ABW: 'ABW' } });
    expect(result.rows.map((row) => row.orgUnit)).toEqual(['ABW', 'ABW', 'ABW']);
  });

  it('reports a file without the header on its first line', () => {
    const result = readWdiBulkCsv('a,b\n1,2\n', POPULATION);
    expect(result.issues).toMatchObject([{ line: 1 }]);
  });

  it('never throws on damaged input and every issue names a line', () => {
    checkReaderUnderDamage(FIXTURE, (input) => readWdiBulkCsv(input, POPULATION, { file: 'x.csv' }));
  });
});

describe.skipIf(!formatsPresent)('readWdiBulkCsv on the real WDI files', () => {
  it('reads HND 2012 population 8 640 692 and MEX 117 274 156', () => {
    const result = readWdiBulkCsv(
      sharedFile('worldbank_wdi_2022', 'API_SP.POP.TOTL_DS2_en_csv_v2_4473555.csv'),
      POPULATION,
    );
    expect(result.issues).toEqual([]);
    const at = (unit: string, year: string): number | undefined =>
      result.rows.find((row) => row.orgUnit === unit && row.period === year)?.value;
    expect(at('HND', '2012')).toBe(8_640_692);
    expect(at('MEX', '2012')).toBe(117_274_156);
    expect(new Set(result.rows.map((row) => row.orgUnit)).size).toBe(35);
    expect(result.skipped.find((skip) => skip.code === 'aggregate')?.count).toBeGreaterThan(40);
  });

  it('reads the homicide rate only when rates are accepted (HND 2012 = 83.0026…)', () => {
    const bytes = sharedFile('worldbank_wdi_2022', 'API_VC.IHR.PSRC.P5_DS2_en_csv_v2_4355130.csv');
    const mapping = { 'VC.IHR.PSRC.P5': { element: 'homicide_rate', source: 'world_bank' } };
    expect(readWdiBulkCsv(bytes, mapping).rows).toEqual([]);
    const rows = readWdiBulkCsv(bytes, mapping, { acceptRates: true }).rows;
    const at = (unit: string): number | undefined =>
      rows.find((row) => row.orgUnit === unit && row.period === '2012')?.value;
    expect(at('HND')).toBe(83.0026113649231);
    expect(at('SLV')).toBeCloseTo(41.58, 2);
    expect(at('MEX')).toBeCloseTo(22.142, 3);
  });
});
if (!formatsPresent) it.skip('real WDI files skipped: ../shared/data/formats is absent', () => {});
