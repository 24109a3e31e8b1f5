/** Tests of the generic table reader: fixtures (long and wide), the real Colombian file, damage. */
import { describe, expect, it } from 'vitest';
import { checkReaderUnderDamage, formatsPresent, sharedFile } from '../../test/support/ingest.ts';
import { readGenericTable, type TableMapping } from './generic-table.ts';

const WIDE = [
  'municipio;año;homicidios;poblacion',
  '5001;2023;309;2.616.335',
  '76001;2023;950;2.283.846',
  '8001;2023;;1.326.588',
  '99999;2023;1;1.000',
].join('\n');
const WIDE_MAPPING: TableMapping = {
  delimiter: ';',
  orgUnit: { column: 'municipio', prefix: 'COL.', pad: 5 },
  period: { column: 'año' },
  values: [
    { column: 'homicidios', element: 'homicide_victims', source: 'forensic' },
    { column: 'poblacion', element: 'population', source: 'census' },
  ],
};

const LONG = [
  'unit,indicator,month,value',
  'SLV,HOM,2021-01,"1,5"',
  'SLV,ROB,2021-01,7',
  'SLV,XYZ,2021-01,1',
  'SLV,HOM,2021-13,2',
].join('\n');
const LONG_MAPPING: TableMapping = {
  orgUnit: { column: 'unit' },
  period: { column: 'month' },
  values: [
    {
      column: 'value',
      elementColumn: 'indicator',
      elementCodes: { HOM: 'homicide_victims', ROB: 'robberies' },
      source: 'police',
    },
  ],
};

describe('readGenericTable', () => {
  it('reads a wide table with padded, prefixed codes and thousands dots', () => {
    const result = readGenericTable(WIDE, WIDE_MAPPING, { file: 'mun.csv' });
    expect(result.rows.map((row) => [row.element, row.orgUnit, row.value])).toEqual([
      ['homicide_victims', 'COL.05001', 309],
      ['population', 'COL.05001', 2_616_335],
      ['homicide_victims', 'COL.76001', 950],
      ['population', 'COL.76001', 2_283_846],
      ['population', 'COL.08001', 1_326_588],
      ['homicide_victims', 'COL.99999', 1],
      ['population', 'COL.99999', 1000],
    ]);
    expect(result.skipped).toEqual([{ reason: 'blank value (not reported)', count: 1 }]);
  });

  it('reads a long table with the element in a column, and names bad periods', () => {
    const result = readGenericTable(LONG, LONG_MAPPING, { file: 'long.csv' });
    expect(result.rows.map((row) => [row.element, row.period, row.value])).toEqual([
      ['homicide_victims', '2021-01', 1.5],
      ['robberies', '2021-01', 7],
    ]);
    expect(result.issues).toMatchObject([{ line: 5, column: 3, field: 'period' }]);
    expect(result.skipped).toEqual([{ reason: 'element not in the mapping', count: 1 }]);
  });

  it('names missing columns on the header line', () => {
    expect(readGenericTable('a,b\n1,2', LONG_MAPPING).issues).toMatchObject([{ line: 1, column: 1 }]);
  });

  it('never throws on damaged input and every issue names a line', () => {
    checkReaderUnderDamage(WIDE, (input) => readGenericTable(input, WIDE_MAPPING));
    checkReaderUnderDamage(LONG, (input) => readGenericTable(input, LONG_MAPPING));
  });
});

describe.skipIf(!formatsPresent)('readGenericTable on the Colombian municipal file', () => {
  it('reads Cali (76001): 950 homicides, rate 41.596', () => {
    const result = readGenericTable(sharedFile('colombia_homicidios_2024', 'data_3.csv'), {
      orgUnit: { column: 'codigo_mun', prefix: 'COL.', pad: 5 },
      period: { constant: '2024' },
      values: [
        { column: 'total_homicidios', element: 'homicide_victims', source: 'forensic' },
        { column: 'tasa_homicidios', element: 'rate', source: 'forensic' },
      ],
    });
    expect(result.issues).toEqual([]);
    const cali = result.rows.filter((row) => row.orgUnit === 'COL.76001');
    expect(cali[0]?.value).toBe(950);
    expect(cali[1]?.value).toBeCloseTo(41.596, 3);
  });
});
if (!formatsPresent) it.skip('Colombian file skipped: ../shared/data/formats is absent', () => {});
