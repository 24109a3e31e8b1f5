/** Tests of SDMX-CSV: both versions, actions, the writer's round trip, damaged input. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkReaderUnderDamage, formatsPresent, sharedFile } from '../../test/support/ingest.ts';
import type { CanonicalRow } from '../data/canonical-row.ts';
import {
  checkSdmxWriteOptions,
  readSdmxCsv,
  SDMX_WRITE_ACTIONS,
  sdmxCsvWriter,
  writeSdmxCsv,
  type SdmxMapping,
} from './sdmx-csv.ts';

const V2 = [
  'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,SEX,OBS_VALUE,OBS_STATUS',
  'dataflow,UNODC:DF_CTS(1.0),I,VICTIMS,HN,2019,_T,3482,A',
  'dataflow,UNODC:DF_CTS(1.0),R,VICTIMS,HN,2019,F,380,A',
  'dataflow,UNODC:DF_CTS(1.0),D,VICTIMS,HN,2018,_T,,',
  'dataflow,UNODC:DF_CTS(1.0),I,VICTIMS,XX,2019,_T,1,A',
  'dataflow,UNODC:DF_CTS(1.0),X,VICTIMS,HN,2019,_T,1,A',
  'dataflow,UNODC:DF_CTS(1.0),I,VICTIMS,HN,2019M01,_T,1,A',
].join('\n');

const MAPPING: SdmxMapping = {
  element: { column: 'INDICATOR', codes: { VICTIMS: 'homicide_victims' } },
  orgUnit: { column: 'REF_AREA', codes: { HN: 'HND' } },
  source: { constant: 'unodc' },
  dimensions: { SEX: { dimension: 'sex' } },
};

describe('readSdmxCsv', () => {
  it('reads SDMX-CSV 2.0 with its actions, mapping codes and totals', () => {
    const result = readSdmxCsv(V2, MAPPING, { file: 'cts.csv' });
    expect(result.rows).toEqual([
      {
        element: 'homicide_victims',
        orgUnit: 'HND',
        period: '2019',
        disaggregation: '',
        source: 'unodc',
        value: 3482,
        action: 'merge',
        line: 2,
      },
      {
        element: 'homicide_victims',
        orgUnit: 'HND',
        period: '2019',
        disaggregation: 'sex=F',
        source: 'unodc',
        value: 380,
        action: 'replace',
        line: 3,
      },
      {
        element: 'homicide_victims',
        orgUnit: 'HND',
        period: '2018',
        disaggregation: '',
        source: 'unodc',
        value: null,
        action: 'delete',
        line: 4,
      },
    ]);
    expect(result.issues).toMatchObject([
      { line: 6, column: 3, field: 'ACTION' },
      { line: 7, column: 6, field: 'TIME_PERIOD' },
    ]);
    expect(result.skipped).toEqual([{ code: 'code-not-mapped', count: 1 }]);
  });

  it('reads SDMX-CSV 1.0 (no action: merge)', () => {
    const text =
      'DATAFLOW,ELEMENT,REF_AREA,TIME_PERIOD,SOURCE,OBS_VALUE\nOAS:ATALAYA(1.0),prisoners,CRI,2020-Q1,prisons,15321\n';
    expect(readSdmxCsv(text).rows).toMatchObject([
      { element: 'prisoners', orgUnit: 'CRI', period: '2020-Q1', value: 15321, action: 'merge' },
    ]);
  });

  it('refuses a file that is not SDMX-CSV on its first line', () => {
    expect(readSdmxCsv('a,b\n1,2').issues).toMatchObject([{ line: 1, column: 1 }]);
  });

  it('writes rows that read back unchanged, in both versions', () => {
    const row = fc.record({
      element: fc.constantFrom('homicide_victims', 'population'),
      orgUnit: fc.constantFrom('HND', 'MEX.09', 'BRA.2304400'),
      period: fc.constantFrom('2013', '2013-Q4', '2013-11'),
      disaggregation: fc.constantFrom('', 'sex=F', 'age_group=15-29;sex=M', 'weapon=firearm'),
      source: fc.constantFrom('police', 'unodc'),
      value: fc
        .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
        .map((v) => (v === 0 ? 0 : v)),
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 20 }),
        fc.constantFrom('1.0' as const, '2.0' as const),
        fc.constantFrom(...SDMX_WRITE_ACTIONS),
        fc.constantFrom(undefined, 'draft' as const, 'published' as const),
        (rows: CanonicalRow[], version, action, status) => {
          const written = rows.map((row) => (status === undefined ? row : { ...row, status }));
          const v2 = version === '2.0';
          const back = readSdmxCsv(writeSdmxCsv(written, { version, ...(v2 ? { action } : {}) }));
          expect(back.issues).toEqual([]);
          expect(back.rows.map(({ action: _action, line: _line, ...rest }) => rest)).toEqual(rows);
          const expected = { I: 'merge', M: 'merge', R: 'replace', D: 'delete' }[v2 ? action : 'I'];
          expect(back.rows.every((row) => row.action === expected)).toBe(true);
        },
      ),
    );
  });

  it('writes OBS_STATUS as an attribute: A published, P otherwise, and reads it as no dimension', () => {
    const row = {
      element: 'prisoners',
      orgUnit: 'CRI',
      period: '2020',
      disaggregation: '',
      source: 'prisons',
      value: 5,
    };
    const text = writeSdmxCsv([
      { ...row, status: 'published' },
      { ...row, period: '2021', status: 'approved' },
    ]);
    expect(text).toBe(
      'STRUCTURE,STRUCTURE_ID,ACTION,ELEMENT,REF_AREA,TIME_PERIOD,SOURCE,OBS_VALUE,OBS_STATUS\r\n' +
        'dataflow,OAS:ATALAYA(1.0),I,prisoners,CRI,2020,prisons,5,A\r\n' +
        'dataflow,OAS:ATALAYA(1.0),I,prisoners,CRI,2021,prisons,5,P\r\n',
    );
    expect(readSdmxCsv(text).rows.map((r) => r.disaggregation)).toEqual(['', '']);
  });

  it('refuses what would not read back: a dimension named like a fixed column, a category read as the total', () => {
    const row = { element: 'e', orgUnit: 'HND', period: '2020', source: 'police', value: 1 };
    expect(() => writeSdmxCsv([{ ...row, disaggregation: 'source=x' }])).toThrow(
      'dimension "source" cannot be an SDMX-CSV column: SOURCE is a fixed column',
    );
    expect(() => writeSdmxCsv([{ ...row, disaggregation: 'sex=_T' }])).toThrow(
      'e,HND,2020,sex=_T,police: "sex=_T" cannot be written as an SDMX-CSV column',
    );
    const writer = sdmxCsvWriter(['sex']);
    expect(() => writer.line({ ...row, disaggregation: 'weapon=firearm' })).toThrow('"weapon=firearm"');
  });

  it('refuses a dataflow that is not AGENCY:ID(VERSION), and an action in version 1.0', () => {
    expect(() => checkSdmxWriteOptions({ dataflow: 'OAS:ATALAYA(1.0)' })).not.toThrow();
    expect(() => checkSdmxWriteOptions({ dataflow: 'OAS.SSM:DF_X(2.1.0)' })).not.toThrow();
    for (const dataflow of ['OAS', 'OAS:ATALAYA', 'OAS:ATALAYA(1.0),x', ':X(1.0)', 'A B:X(1.0)']) {
      expect(() => checkSdmxWriteOptions({ dataflow })).toThrow(`dataflow "${dataflow}"`);
    }
    expect(() => checkSdmxWriteOptions({ version: '1.0', action: 'I' })).not.toThrow();
    expect(() => checkSdmxWriteOptions({ version: '1.0', action: 'R' })).toThrow(
      'action R needs SDMX-CSV 2.0',
    );
  });

  it('never throws on damaged input and every issue names a line', () => {
    checkReaderUnderDamage(V2, (input) => readSdmxCsv(input, MAPPING));
  });
});

describe.skipIf(!formatsPresent)('readSdmxCsv on the SDMX example', () => {
  it('reads the SDMX-CSV 2.0 example with its I actions and monthly periods', () => {
    const result = readSdmxCsv(sharedFile('sdmx_csv_examples', 'example-01.csv'), {
      element: { column: 'DIM_1', codes: { A: 'homicide_victims' } },
      orgUnit: { column: 'DIM_2', codes: { B: 'HND' } },
      period: { column: 'DIM_3' },
      source: { constant: 'police' },
      dimensions: {},
    });
    expect(result.issues).toEqual([]);
    expect(result.rows.map((row) => [row.period, row.value, row.action])).toEqual([
      ['2014-01', 12.4, 'merge'],
      ['2014-02', 10.8, 'merge'],
    ]);
  });
});
if (!formatsPresent) it.skip('SDMX example skipped: ../shared/data/formats is absent', () => {});
