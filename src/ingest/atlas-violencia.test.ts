/** Tests of the Atlas da Violência reader: fixtures, the real file, damaged input. */
import { describe, expect, it } from 'vitest';
import { checkReaderUnderDamage, formatsPresent, sharedFile } from '../../test/support/ingest.ts';
import { readAtlasViolencia } from './atlas-violencia.ts';

const FIXTURE = [
  'cod;nome;período;valor',
  '2304400;Fortaleza;2018;1500',
  '3550308;"São Paulo";2018;1.020',
  '23;Ceará;2018;4518',
  '2611606;Recife;2018;',
  '123;Nowhere;2018;4',
].join('\n');
const COUNTS = { element: 'homicide_victims', source: 'health' };

describe('readAtlasViolencia', () => {
  it('reads IBGE codes with the prefix, and counts blank values', () => {
    const result = readAtlasViolencia(FIXTURE, COUNTS, { file: 'homicidios.csv' });
    expect(result.rows.map((row) => [row.orgUnit, row.period, row.value])).toEqual([
      ['BRA.2304400', '2018', 1500],
      ['BRA.3550308', '2018', 1.02],
      ['BRA.23', '2018', 4518],
    ]);
    expect(result.issues).toMatchObject([{ line: 6, column: 1, field: 'cod' }]);
    expect(result.skipped).toEqual([{ code: 'blank', count: 1 }]);
  });

  it('reads decimal commas when the file proves them', () => {
    const rows = readAtlasViolencia('cod;nome;período;valor\n2304400;Fortaleza;2012;71,49\n', COUNTS).rows;
    expect(rows[0]?.value).toBe(71.49);
  });

  it('refuses a rate series unless asked, with one issue on the header', () => {
    const refused = readAtlasViolencia(FIXTURE, COUNTS, { file: 'taxa-homicidios.csv' });
    expect(refused.rows).toEqual([]);
    expect(refused.issues).toMatchObject([{ line: 1, field: 'valor' }]);
    expect(refused.skipped).toEqual([{ code: 'not-a-count', count: 5 }]);
  });

  it('never throws on damaged input and every issue names a line', () => {
    checkReaderUnderDamage(FIXTURE, (input) => readAtlasViolencia(input, COUNTS));
  });
});

describe.skipIf(!formatsPresent)('readAtlasViolencia on the real file', () => {
  it('reads Fortaleza (2304400) 2012 = 71.49 from the rate series', () => {
    const result = readAtlasViolencia(
      sharedFile('brazil_atlas_violencia', 'taxa-homicidios.csv'),
      { element: 'homicide_rate', source: 'health', valueKind: 'rate' },
      { acceptRates: true },
    );
    expect(result.issues).toEqual([]);
    expect(result.rows.find((row) => row.orgUnit === 'BRA.2304400' && row.period === '2012')?.value).toBe(
      71.49,
    );
    expect(new Set(result.rows.map((row) => row.orgUnit)).size).toBeGreaterThan(5500);
  });
});
if (!formatsPresent) it.skip('real Atlas file skipped: ../shared/data/formats is absent', () => {});
