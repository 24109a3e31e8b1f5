/** Tests of the SESNSP monthly incidence reader: fixtures, the real file, damaged input. */
import { describe, expect, it } from 'vitest';
import { checkReaderUnderDamage, formatsPresent, sharedFile } from '../../test/support/ingest.ts';
import { readSesnspMonthly, type SesnspMapping } from './sesnsp-monthly.ts';

const HEADER =
  'Anio,Clave_Ent,Entidad,Bien juridico afectado,Tipo de delito,Subtipo de delito,Modalidad,Enero,Febrero,Marzo,Abril,Mayo,Junio,Julio,Agosto,Septiembre,Octubre,Noviembre,Diciembre';
const FIXTURE = [
  HEADER,
  '2020,7,Chiapas,La vida y la Integridad corporal,Homicidio,Homicidio doloso,Con arma de fuego,10,8,0,4,5,6,7,8,9,10,,',
  '2020,7,Chiapas,La vida y la Integridad corporal,Homicidio,Homicidio doloso,Con arma blanca,2,1,0,0,0,0,0,0,0,0,,',
  '2020,7,Chiapas,La vida y la Integridad corporal,Homicidio,Homicidio culposo,Con arma de fuego,1,1,1,1,1,1,1,1,1,1,,',
  '2020,12,Guerrero,Otros bienes jurídicos afectados (del fuero común),Otros delitos del Fuero Común,Otros delitos del Fuero Común,Otros delitos del Fuero Común,5,5,5,5,5,5,5,5,5,5,,',
  '2020,33,Nowhere,La vida y la Integridad corporal,Homicidio,Homicidio doloso,Con arma blanca,1,1,1,1,1,1,1,1,1,1,,',
].join('\n');

const MAPPING: SesnspMapping = {
  rules: [
    { subtipo: 'Homicidio doloso', element: 'homicide_investigations', source: 'ministry' },
    { tipo: 'Otros delitos del fuero común', element: 'other_investigations', source: 'ministry' },
  ],
};

describe('readSesnspMonthly', () => {
  it('sums modalities per state and month, keeps blank months out, codes states MEX.nn', () => {
    const result = readSesnspMonthly(FIXTURE, MAPPING, { file: 'idefc.csv' });
    const doloso = result.rows.filter((row) => row.element === 'homicide_investigations');
    expect(doloso.map((row) => [row.orgUnit, row.period, row.value])).toEqual([
      ['MEX.07', '2020-01', 12],
      ['MEX.07', '2020-02', 9],
      ['MEX.07', '2020-03', 0],
      ['MEX.07', '2020-04', 4],
      ['MEX.07', '2020-05', 5],
      ['MEX.07', '2020-06', 6],
      ['MEX.07', '2020-07', 7],
      ['MEX.07', '2020-08', 8],
      ['MEX.07', '2020-09', 9],
      ['MEX.07', '2020-10', 10],
    ]);
    expect(result.rows.filter((row) => row.orgUnit === 'MEX.12')).toHaveLength(10);
    expect(result.issues).toEqual([
      {
        file: 'idefc.csv',
        line: 6,
        column: 2,
        field: 'Clave_Ent',
        message: '"33" is not a state code (1–32)',
      },
    ]);
    expect(result.skipped).toEqual([
      { code: 'blank-month', count: 6 },
      { code: 'crime-type-not-mapped', count: 1 },
    ]);
  });

  it('matches names whose accents an export lost, and reads Latin-1', () => {
    const lossy = FIXTURE.replaceAll('Común', 'Comn');
    expect(readSesnspMonthly(lossy, MAPPING).rows.filter((row) => row.orgUnit === 'MEX.12')).toHaveLength(10);
    const latin1 = readSesnspMonthly(Buffer.from(FIXTURE, 'latin1'), MAPPING);
    expect(latin1.encoding).toBe('windows-1252');
    expect(latin1.rows.filter((row) => row.orgUnit === 'MEX.12')).toHaveLength(10);
  });

  it('takes another org-unit prefix', () => {
    const rows = readSesnspMonthly(FIXTURE, { ...MAPPING, orgUnitPrefix: 'MX-' }).rows;
    expect(rows[0]?.orgUnit).toBe('MX-07');
  });

  it('never throws on damaged input and every issue names a line', () => {
    checkReaderUnderDamage(FIXTURE, (input) => readSesnspMonthly(input, MAPPING));
  });
});

describe.skipIf(!formatsPresent)('readSesnspMonthly on the real file', () => {
  it('sums national "Homicidio doloso" 2019 to 29 458 investigation files', () => {
    const result = readSesnspMonthly(sharedFile('mexico_sesnsp', 'IDEFC_NM_oct2020.csv'), MAPPING);
    expect(result.issues).toEqual([]);
    const total = result.rows
      .filter((row) => row.element === 'homicide_investigations' && row.period.startsWith('2019-'))
      .reduce((sum, row) => sum + row.value, 0);
    expect(total).toBe(29_458);
    expect(new Set(result.rows.map((row) => row.orgUnit)).size).toBe(32);
    // 2020 stops in September: October to December are blank, not zeros
    expect(result.rows.some((row) => row.period === '2020-11')).toBe(false);
  });
});
if (!formatsPresent) it.skip('real SESNSP file skipped: ../shared/data/formats is absent', () => {});
