/** Tests of the dataUNODC export reader: a hand-written fixture, the real excerpts, damaged input. */
import { describe, expect, it } from 'vitest';
import { checkReaderUnderDamage, formatsPresent, sharedFile } from '../../test/support/ingest.ts';
import { readUnodcDataPortal, type UnodcRule } from './unodc-data-portal.ts';

const HEADER =
  'Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,VALUE,Source';
const FIXTURE = [
  HEADER,
  'PAN,Panama,Americas,Central America,Victims of intentional homicide,Total,Total,Total,Total,2018,Counts,"1.234",CTS',
  'PAN,Panama,Americas,Central America,Victims of intentional homicide,Total,Total,Total,Total,2018,"Rate per 100,000 population","29,4",CTS',
  'PAN,Panama,Americas,Central America,Victims of intentional homicide,by sex,Total,Female,Total,2018,Counts,"98",CTS',
  'GBR_E_W,England and Wales,Europe,Northern Europe,Victims of intentional homicide,Total,Total,Total,Total,2018,Counts,"726",CTS',
  'FRA,France,Europe,Western Europe,Victims of intentional homicide,Total,Total,Total,Total,2018,Counts,"845",CTS',
  'CRI,Costa Rica,Americas,Central America,Victims of intentional homicide,Total,Total,Total,Total,2019,Counts,,CTS',
  'CRI,Costa Rica,Americas,Central America,Victims of intentional homicide,Total,Total,Total,Total,20x9,Counts,"563",CTS',
  'CRI,Costa Rica,Americas,Central America,Persons convicted for intentional homicide,Total,Total,Total,Total,2019,Counts,"300",CTS',
].join('\n');

const RULES: UnodcRule[] = [
  {
    indicator: 'Victims of intentional homicide',
    dimension: 'Total',
    sex: 'Total',
    element: 'homicide_victims',
    source: 'unodc',
  },
  {
    indicator: 'victims of intentional homicide',
    dimension: 'by sex',
    sex: 'Female',
    element: 'homicide_victims',
    source: 'unodc',
    disaggregation: 'sex=F',
  },
];

describe('readUnodcDataPortal', () => {
  it('maps rows by rules, reads decimal commas, and counts what it leaves out', () => {
    const result = readUnodcDataPortal(FIXTURE, RULES, { file: 'cts.csv' });
    expect(result.rows).toEqual([
      {
        element: 'homicide_victims',
        orgUnit: 'PAN',
        period: '2018',
        disaggregation: '',
        source: 'unodc',
        value: 1234,
      },
      {
        element: 'homicide_victims',
        orgUnit: 'PAN',
        period: '2018',
        disaggregation: 'sex=F',
        source: 'unodc',
        value: 98,
      },
    ]);
    expect(result.issues).toEqual([
      { file: 'cts.csv', line: 8, column: 10, field: 'Year', message: '"20x9" is not a year' },
    ]);
    expect(result.skipped).toEqual([
      { code: 'no-rule', count: 2 },
      { code: 'not-iso3', count: 1 },
      { code: 'not-member-state', count: 1 },
      { code: 'blank', count: 1 },
    ]);
  });

  it('reads a rate only when a rule names its unit', () => {
    const rows = readUnodcDataPortal(FIXTURE, [
      {
        indicator: 'Victims of intentional homicide',
        unit: 'Rate per 100,000 population',
        element: 'rate',
        source: 'unodc',
      },
    ]).rows;
    expect(rows.map((row) => row.value)).toEqual([29.4]);
  });

  it('reports a header that is not the export', () => {
    expect(readUnodcDataPortal('Country,Year\nX,2010\n', RULES).issues).toMatchObject([
      { line: 1, column: 1 },
    ]);
  });

  it('never throws on damaged input and every issue names a line', () => {
    checkReaderUnderDamage(FIXTURE, (input) => readUnodcDataPortal(input, RULES));
  });
});

describe.skipIf(!formatsPresent)('readUnodcDataPortal on the real excerpts', () => {
  it('reads Colombia persons arrested 2013 = 15 053', () => {
    const result = readUnodcDataPortal(sharedFile('unodc_dataunodc_cts_slice', 'slice_offset0.csv'), [
      {
        indicator: 'Persons arrested/suspected for intentional homicide',
        dimension: 'by citizenship',
        category: 'National citizens',
        sex: 'Male',
        element: 'arrests',
        source: 'unodc',
      },
    ]);
    expect(result.issues).toEqual([]);
    expect(result.rows.find((row) => row.orgUnit === 'COL')).toMatchObject({ period: '2013', value: 15_053 });
  });

  it('reads the quoted decimal commas of the re-saved excerpt (Mexico 2016 = 0.0362…)', () => {
    const result = readUnodcDataPortal(sharedFile('unodc_dataunodc_cts_slice', 'slice_offset12000000.csv'), [
      {
        indicator: 'Victims of intentional homicide',
        unit: 'Rate per 100,000 population',
        element: 'r',
        source: 'unodc',
      },
    ]);
    expect(result.issues).toEqual([]);
    expect(result.rows.find((row) => row.orgUnit === 'MEX')?.value).toBe(0.03620826341);
    expect(result.rows.find((row) => row.orgUnit === 'USA')?.value).toBe(1.083095827);
  });
});
if (!formatsPresent) it.skip('real dataUNODC excerpts skipped: ../shared/data/formats is absent', () => {});
